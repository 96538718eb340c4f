using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace AmoWidget.Commands
{
    /// <summary>Add-AmoLeftMenuItem: adds (or updates) an item of left_menu and the widget_page location.</summary>
    [Cmdlet(VerbsCommon.Add, "AmoLeftMenuItem")]
    [OutputType(typeof(AmoManifest))]
    public sealed class AddAmoLeftMenuItemCommand : ManifestEditCommand
    {
        private static readonly string[] SubItemKeys = { "code", "title", "sort" };

        private AmoLeftMenuSubItem[] _submenu = Array.Empty<AmoLeftMenuSubItem>();

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Code { get; set; } = null!;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Title { get; set; }

        /// <summary>Path of the icon inside the widget, such as images/menu.svg.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Icon { get; set; }

        /// <summary>The system section the item follows (sort.after).</summary>
        [Parameter]
        [ValidateSet("dashboard", "leads", "customers", "tasks", "catalogs", "mail", "stats", "settings")]
        public string? After { get; set; }

        /// <summary>Each: @{ code = ...; title = ...; sort = 1 }.</summary>
        [Parameter]
        [ValidateNotNull]
        public Hashtable[]? Submenu { get; set; }

        /// <summary>The sub-items are the same for every manifest: one bad entry stops the command before any change.</summary>
        protected override void BeginProcessingCore() => _submenu = ParseEntries(Submenu, ToSubItem);

        protected override void Edit(AmoManifest manifest) =>
            WriteWarnings(AmoManifestEditor.AddLeftMenuItem(manifest, Code, Title, Icon, After, _submenu));

        private AmoLeftMenuSubItem ToSubItem(Hashtable table, int index)
        {
            string where = $"-Submenu #{index + 1} of the item '{Code}'";
            Dictionary<string, object?> values = EntryValues(table, SubItemKeys, where, "a sub-item", message => Invalid(message, table));

            string? code = values.TryGetValue("code", out object? c) ? c?.ToString() : null;
            if (string.IsNullOrWhiteSpace(code))
            {
                throw Invalid($"{where} has no code: give @{{ code = 'reports' }}.", table);
            }

            long? sort = null;
            if (values.TryGetValue("sort", out object? s) && s != null)
            {
                sort = s is int or long or short or byte
                    ? Convert.ToInt64(s, System.Globalization.CultureInfo.InvariantCulture)
                    : throw Invalid($"{where} has sort = '{s}'; sort is a whole number.", table);
            }

            string? title = values.TryGetValue("title", out object? t) ? t?.ToString() : null;
            return new AmoLeftMenuSubItem(code!, title, sort);
        }

        private static AmoException Invalid(string message, Hashtable table) =>
            new AmoException(ErrorIds.LeftMenuItemInvalid, AmoErrorKind.InvalidArgument, message, table);
    }
}
