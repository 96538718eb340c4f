using System.Collections.Generic;
using System.Management.Automation;
using AmoWidget.DevLoop;

namespace AmoWidget.Commands
{
    /// <summary>
    /// Stop-AmoHookRecorder: stops the hook recorders on the given ports (from the pipeline by property name, so
    /// Start-AmoHookRecorder's object pipes in), or all of them; the port is free when it returns.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "AmoHookRecorder", SupportsShouldProcess = true)]
    [OutputType(typeof(AmoHookRecorder))]
    public sealed class StopAmoHookRecorderCommand : AmoCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0, 65535)]
        public int[]? Port { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecordCore()
        {
            IReadOnlyList<AmoHookRecorder> chosen = PortLookup.Find(this, HookRecorderRegistry.Current(), Port, r => r.Port,
                port => NewError(ErrorIds.AmoHookRecorderNotFound, ErrorCategory.ObjectNotFound, $"No hook recorder of this process runs on port {port}.", port));
            foreach (AmoHookRecorder recorder in chosen)
            {
                if (!ShouldProcess(recorder.Uri.ToString(), "Stop the hook recorder"))
                {
                    continue;
                }

                HookRecorderRegistry.Stop(recorder);
                WriteVerbose($"Stopped {recorder.Uri} ({recorder.Count} requests kept in {recorder.Path}).");
                if (recorder.Refused > 0 || recorder.Failed > 0)
                {
                    WriteWarning($"{recorder.Uri}: {recorder.Refused} requests were larger than {AmoHookRecorder.MaxBody} bytes (answered 413) and {recorder.Failed} could not be written (answered 500); none of them is in {recorder.Path}.");
                }
                if (PassThru)
                {
                    WriteObject(recorder);
                }
            }
        }
    }
}
