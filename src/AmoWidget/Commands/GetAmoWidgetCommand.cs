using System.Collections.Generic;
using System.Management.Automation;
using AmoWidget.Api;

namespace AmoWidget.Commands
{
    /// <summary>
    /// Widgets of the account: by code (wildcards match against the list), or the whole list, paged through
    /// _links.next 250 at a time.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AmoWidget")]
    [OutputType(typeof(AmoWidgetInfo))]
    public sealed class GetAmoWidgetCommand : AmoConnectedCmdlet
    {
        private List<AmoWidgetInfo>? _all;

        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(WidgetCodeCompleter))]
        public string[]? Code { get; set; }

        /// <summary>Only widgets installed in the account (is_active_in_account).</summary>
        [Parameter]
        public SwitchParameter InstalledOnly { get; set; }

        protected override void ProcessRecordCore()
        {
            AmoConnection connection = RequireConnection();
            if (Code == null)
            {
                ListAll(connection, null);
                return;
            }

            for (int i = 0; i < Code.Length; i++)
            {
                string code = Code[i];
                ShowWorkProgress("Get-AmoWidget", $"{code} ({i + 1} of {Code.Length})", i, Code.Length);
                if (WildcardPattern.ContainsWildcardCharacters(code))
                {
                    ListAll(connection, Wildcard(code));
                    continue;
                }

                try
                {
                    AmoWidgetInfo widget = Run(ct => AmoAccountApi.GetWidgetAsync(connection, code, ct));
                    if (!InstalledOnly || widget.IsActiveInAccount)
                    {
                        WriteObject(widget);
                    }
                }
                catch (AmoException ex)
                {
                    Fail(ex, code);
                }
            }

            CompleteWorkProgress();
        }

        private void ListAll(AmoConnection connection, WildcardPattern? pattern)
        {
            try
            {
                if (_all != null)
                {
                    Emit(_all, pattern);
                    return;
                }

                var all = new List<AmoWidgetInfo>();
                string? next = null;
                int pages = 0;
                do
                {
                    string? page = next;
                    ShowWorkProgress("Get-AmoWidget", $"Reading the widget list: page {pages + 1} ({all.Count} widgets so far)", pages, 0);
                    (List<AmoWidgetInfo> widgets, string? following) = Run(ct => AmoAccountApi.GetWidgetPageAsync(connection, page, ct));
                    all.AddRange(widgets);
                    Emit(widgets, pattern);
                    pages++;
                    next = following;
                }
                while (next != null);

                CompleteWorkProgress();

                _all = all;
            }
            catch (AmoException ex)
            {
                ThrowAmoError(ex);
            }
        }

        private void Emit(IEnumerable<AmoWidgetInfo> widgets, WildcardPattern? pattern)
        {
            foreach (AmoWidgetInfo w in widgets)
            {
                if ((pattern == null || pattern.IsMatch(w.Code)) && (!InstalledOnly || w.IsActiveInAccount))
                {
                    WriteObject(w);
                }
            }
        }
    }
}
