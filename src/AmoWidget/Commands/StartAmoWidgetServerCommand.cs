using System.Management.Automation;
using AmoWidget.DevLoop;

namespace AmoWidget.Commands
{
    /// <summary>
    /// Start-AmoWidgetServer: serves a widget folder on http://127.0.0.1:&lt;port&gt;/ in the background of the
    /// session, with the headers an amoCRM / Kommo page needs to load the files (see <see cref="AmoWidgetServer"/>).
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "AmoWidgetServer")]
    [OutputType(typeof(AmoWidgetServer))]
    public sealed class StartAmoWidgetServerCommand : AmoCmdlet
    {
        /// <summary>The port the dev server of Kommo's starter kit uses (LOCALHOST_PORT in https://github.com/kommo-crm/create-kommo-integration).</summary>
        public const int DefaultPort = 9000;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        [Parameter]
        [ValidateRange(0, 65535)]
        public int Port { get; set; } = DefaultPort;

        /// <summary>Origins (scheme://host[:port]) granted CORS besides the amoCRM and Kommo account pages.</summary>
        [Parameter]
        [ValidateNotNull]
        public string[] AllowOrigin { get; set; } = System.Array.Empty<string>();

        protected override void ProcessRecordCore()
        {
            string folder = ResolveLiteralPath(Path);
            if (!System.IO.Directory.Exists(folder))
            {
                WriteError(System.IO.File.Exists(folder)
                    ? NewError(ErrorIds.PathIsNotFolder, ErrorCategory.InvalidArgument, $"'{folder}' is a file; Start-AmoWidgetServer serves a widget folder.", folder)
                    : NewError(ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, $"Cannot find the widget folder '{folder}': it does not exist.", folder));
                return;
            }

            AmoWidgetServer server;
            try
            {
                server = AmoWidgetServer.Start(folder, Port, AllowOrigin);
            }
            catch (AmoException ex)
            {
                WriteAmoError(ex, ex.ErrorId == ErrorIds.AllowOriginInvalid ? ex.Target : Port);
                return;
            }

            WidgetServerRegistry.Add(server);
            WriteVerbose($"Serving '{server.Path}' at {server.Url} until Stop-AmoWidgetServer -Port {server.Port} or the end of the session.");
            WriteObject(server);
        }
    }
}
