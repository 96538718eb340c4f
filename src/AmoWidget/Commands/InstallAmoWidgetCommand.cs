using System.Collections;
using System.Management.Automation;
using AmoWidget.Api;

namespace AmoWidget.Commands
{
    /// <summary>
    /// Installs a widget in the account with its settings (POST /api/v4/widgets/{code}). The widget's settings_template
    /// is read first and every required setting checked, so an incomplete install is never sent. An install is never
    /// sent twice: after a dropped connection or a 5xx the server may have acted, so it is reported, not repeated.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Install, "AmoWidget", SupportsShouldProcess = true)]
    [OutputType(typeof(AmoWidgetInfo))]
    public sealed class InstallAmoWidgetCommand : AmoConnectedCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(WidgetCodeCompleter))]
        public string Code { get; set; } = string.Empty;

        /// <summary>
        /// Setting values by key: text and pass as strings (or SecureString), users as @{ userId = 'extension' },
        /// users_lp as @{ userId = @{ login = '...'; password = '...' } } or @{ userId = [PSCredential] }.
        /// </summary>
        [Parameter(Position = 1)]
        public Hashtable? Settings { get; set; }

        protected override void ProcessRecordCore()
        {
            AmoConnection connection = RequireConnection();
            try
            {
                AmoWidgetInfo widget = Run(ct => AmoAccountApi.GetWidgetAsync(connection, Code, ct));
                var body = AmoAccountApi.BuildInstallBody(widget, ToPlain(Settings) as IDictionary);
                if (!ShouldProcess($"widget '{widget.Code}' in {connection.BaseUri}", "Install"))
                {
                    return;
                }

                WriteObject(Run(ct => AmoAccountApi.InstallWidgetAsync(connection, widget, body, ct)));
            }
            catch (AmoException ex)
            {
                Fail(ex, Code);
            }
        }
    }
}
