using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace AmoWidget.Commands
{
    /// <summary>Add-AmoSalesbotHandler: adds (or replaces) a handler of salesbot_designer and the salesbot_designer location.</summary>
    [Cmdlet(VerbsCommon.Add, "AmoSalesbotHandler")]
    [OutputType(typeof(AmoManifest))]
    public sealed class AddAmoSalesbotHandlerCommand : ManifestEditCommand
    {
        private static readonly string[] FieldKeys = { "key", "type", "name", "default_value", "manual", "required" };

        private AmoSalesbotField[] _fields = Array.Empty<AmoSalesbotField>();

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Code { get; set; } = null!;

        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>Each: @{ key = ...; type = 'text'|'numeric'|'url'; name = ...; default_value = ...; manual = $true; required = $true }.</summary>
        [Parameter]
        [ValidateNotNull]
        public Hashtable[]? Field { get; set; }

        /// <summary>The fields are the same for every manifest: one bad field stops the command before any change.</summary>
        protected override void BeginProcessingCore() => _fields = ParseEntries(Field, ToField);

        protected override void Edit(AmoManifest manifest) =>
            WriteWarnings(AmoManifestEditor.AddSalesbotHandler(manifest, Code, Name, _fields));

        private static bool TryParseType(string text, out AmoSalesbotFieldType type)
        {
            string? known = Enum.GetNames(typeof(AmoSalesbotFieldType)).FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
            type = known != null ? (AmoSalesbotFieldType)Enum.Parse(typeof(AmoSalesbotFieldType), known) : AmoSalesbotFieldType.Text;
            return known != null;
        }

        private AmoSalesbotField ToField(Hashtable table, int index)
        {
            string where = $"-Field #{index + 1} of the handler '{Code}'";
            Dictionary<string, object?> values = EntryValues(table, FieldKeys, where, "a field", message => Invalid(message, table));

            string? fieldKey = values.TryGetValue("key", out object? k) ? k?.ToString() : null;
            if (string.IsNullOrWhiteSpace(fieldKey))
            {
                throw Invalid($"{where} has no key: give @{{ key = 'name_of_the_field' }}.", table);
            }

            var type = AmoSalesbotFieldType.Text;
            if (values.TryGetValue("type", out object? t) && t != null && !TryParseType(t.ToString(), out type))
            {
                throw Invalid($"{where} has the type '{t}'; a Salesbot field is text, numeric or url.", table);
            }

            bool? manual = null;
            if (values.TryGetValue("manual", out object? m) && m != null)
            {
                manual = m as bool? ?? throw Invalid($"{where} has manual = '{m}'; manual is $true or $false.", table);
            }

            bool? required = null;
            if (values.TryGetValue("required", out object? r) && r != null)
            {
                required = r as bool? ?? throw Invalid($"{where} has required = '{r}'; required is $true or $false.", table);
            }

            string? name = values.TryGetValue("name", out object? n) ? n?.ToString() : null;
            string? defaultValue = values.TryGetValue("default_value", out object? d) ? d?.ToString() : null;
            return new AmoSalesbotField(fieldKey!, type, name, defaultValue, manual, required);
        }

        private static AmoException Invalid(string message, Hashtable table) =>
            new AmoException(ErrorIds.SalesbotFieldInvalid, AmoErrorKind.InvalidArgument, message, table);
    }
}
