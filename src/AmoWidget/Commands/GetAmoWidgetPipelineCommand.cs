using System.Management.Automation;
using AmoWidget.Api;

namespace AmoWidget.Commands
{
    /// <summary>
    /// Which pipeline a lead-source widget is bound to: GET /api/v4/widgets/{code} gives pipeline_id, and the
    /// pipeline's name comes from the pipeline list, read once per connection.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AmoWidgetPipeline")]
    [OutputType(typeof(AmoWidgetPipeline))]
    public sealed class GetAmoWidgetPipelineCommand : AmoConnectedCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(WidgetCodeCompleter))]
        public string[] Code { get; set; } = new string[0];

        protected override void ProcessRecordCore()
        {
            AmoConnection connection = RequireConnection();
            for (int i = 0; i < Code.Length; i++)
            {
                string code = Code[i];
                ShowWorkProgress("Get-AmoWidgetPipeline", $"{code} ({i + 1} of {Code.Length})", i, Code.Length);
                try
                {
                    WriteObject(Run(ct => AmoAccountApi.GetWidgetPipelineAsync(connection, code, ct)));
                }
                catch (AmoException ex)
                {
                    Fail(ex, code);
                }
            }

            CompleteWorkProgress();
        }
    }
}
