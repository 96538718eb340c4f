using System.Linq;
using System.Management.Automation;
using AmoWidget.Completers;

namespace AmoWidget.Commands
{
    /// <summary>Lists the validation rules: name, severity, area, description and documentation link.</summary>
    [Cmdlet(VerbsCommon.Get, "AmoRule")]
    [OutputType(typeof(AmoRuleInfo))]
    public sealed class GetAmoRuleCommand : AmoCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(RuleNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        protected override void ProcessRecordCore()
        {
            if (Name == null)
            {
                WriteObject(AmoRuleCatalog.All, true);
                return;
            }

            foreach (string name in Name)
            {
                if (!(TryWildcard(name) is WildcardPattern pattern))
                {
                    continue;
                }

                AmoRuleInfo[] matches = AmoRuleCatalog.All.Where(r => pattern.IsMatch(r.Name)).ToArray();
                if (matches.Length == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                {
                    WriteError(NewError(ErrorIds.RuleNotFound, ErrorCategory.ObjectNotFound, $"No rule is named '{name}'. Get-AmoRule without -Name lists them all.", name));
                }

                WriteObject(matches, true);
            }
        }
    }
}
