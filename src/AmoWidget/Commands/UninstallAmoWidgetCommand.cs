using System.Management.Automation;
using AmoWidget.Api;

namespace AmoWidget.Commands
{
    /// <summary>Uninstalls a widget from the account (DELETE /api/v4/widgets/{code}); its settings are lost.</summary>
    [Cmdlet(VerbsLifecycle.Uninstall, "AmoWidget", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class UninstallAmoWidgetCommand : AmoConnectedCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(WidgetCodeCompleter))]
        public string Code { get; set; } = string.Empty;

        protected override void ProcessRecordCore()
        {
            AmoConnection connection = RequireConnection();
            if (!ShouldProcess($"widget '{Code}' in {connection.BaseUri}", "Uninstall"))
            {
                return;
            }

            try
            {
                Run(ct => AmoAccountApi.UninstallWidgetAsync(connection, Code, ct));
            }
            catch (AmoException ex)
            {
                Fail(ex, Code);
            }
        }
    }
}
