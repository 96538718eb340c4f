namespace AmoWidget
{
    /// <summary>One validation rule as Get-AmoRule shows it: its stable name, severity, area and where the fact comes from.</summary>
    public sealed class AmoRuleInfo
    {
        public AmoRuleInfo(string name, AmoSeverity severity, string area, string description, string helpUri)
        {
            Name = name;
            Severity = severity;
            Area = area;
            Description = description;
            HelpUri = helpUri;
        }

        /// <summary>Stable name, used by -ExcludeRule and CI suppressions; never renamed once released.</summary>
        public string Name { get; }

        /// <summary>The severity of the rule's findings (a few rules say in their description when a finding differs).</summary>
        public AmoSeverity Severity { get; }

        /// <summary>JSON, Widget, Locations, Blocks, Settings, Folder, I18n, Images, Script, Archive or Moderation (only with -Moderation).</summary>
        public string Area { get; }

        /// <summary>What the rule checks and why it has its severity.</summary>
        public string Description { get; }

        /// <summary>The amoCRM / Kommo documentation page the fact comes from.</summary>
        public string HelpUri { get; }

        public override string ToString() => Name;
    }
}
