using System.Collections;

namespace AmoWidget
{
    /// <summary>A widget as the account API returns it (GET /api/v4/widgets, /api/v4/widgets/{code}).</summary>
    public sealed class AmoWidgetInfo
    {
        public string Code { get; init; } = string.Empty;

        public long? Id { get; init; }

        public string? Version { get; init; }

        /// <summary>The rating exactly as sent: amoCRM writes it with a decimal comma ("2,8"), so it stays a string.</summary>
        public string? Rating { get; init; }

        public bool IsLeadSource { get; init; }

        public bool IsWorkWithDp { get; init; }

        public bool IsCrmTemplate { get; init; }

        public string? ClientUuid { get; init; }

        public bool IsActiveInAccount { get; init; }

        /// <summary>
        /// <see cref="IsActiveInAccount"/> under the name of its column in the default table, so that what the table
        /// shows <c>Where-Object Installed</c> filters.
        /// </summary>
        public bool Installed => IsActiveInAccount;

        /// <summary><see cref="IsLeadSource"/> under the name of its column in the default table.</summary>
        public bool LeadSource => IsLeadSource;

        /// <summary>The pipeline the widget is bound to as a lead source; null when it is not bound (the usual case).</summary>
        public long? PipelineId { get; init; }

        public AmoWidgetSettingField[] SettingsTemplate { get; init; } = new AmoWidgetSettingField[0];

        /// <summary>
        /// The widget's settings, sent only to the integration linked to the widget; null otherwise. Values of
        /// <c>pass</c> fields are SecureStrings so that printing the object never shows them.
        /// </summary>
        public IDictionary? Settings { get; init; }

        public override string ToString() => Printable.Escape(Code);
    }

    /// <summary>One field of a widget's settings_template.</summary>
    public sealed class AmoWidgetSettingField
    {
        public string Key { get; init; } = string.Empty;

        public string? Name { get; init; }

        /// <summary>text, pass, custom, users or users_lp.</summary>
        public string? Type { get; init; }

        public bool IsRequired { get; init; }

        public override string ToString() => Printable.Escape(Key);
    }
}
