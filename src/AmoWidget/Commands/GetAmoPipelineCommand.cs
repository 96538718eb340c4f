using System.Collections.Generic;
using System.Management.Automation;
using AmoWidget.Api;

namespace AmoWidget.Commands
{
    /// <summary>Leads pipelines with their statuses: all of them, or by id.</summary>
    [Cmdlet(VerbsCommon.Get, "AmoPipeline")]
    [OutputType(typeof(AmoPipeline))]
    public sealed class GetAmoPipelineCommand : AmoConnectedCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [ValidateRange(1, int.MaxValue)]
        public int[]? Id { get; set; }

        protected override void ProcessRecordCore()
        {
            AmoConnection connection = RequireConnection();
            if (Id == null)
            {
                try
                {
                    List<AmoPipeline> all = Run(ct => AmoAccountApi.GetPipelinesAsync(connection, ct));
                    WriteObject(all, true);
                }
                catch (AmoException ex)
                {
                    ThrowAmoError(ex);
                }

                return;
            }

            for (int i = 0; i < Id.Length; i++)
            {
                int id = Id[i];
                ShowWorkProgress("Get-AmoPipeline", $"{id} ({i + 1} of {Id.Length})", i, Id.Length);
                try
                {
                    WriteObject(Run(ct => AmoAccountApi.GetPipelineAsync(connection, id, ct)));
                }
                catch (AmoException ex)
                {
                    Fail(ex, id);
                }
            }

            CompleteWorkProgress();
        }
    }
}
