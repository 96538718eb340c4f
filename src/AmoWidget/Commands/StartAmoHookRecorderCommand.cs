using System.Management.Automation;
using AmoWidget.DevLoop;

namespace AmoWidget.Commands
{
    /// <summary>
    /// Start-AmoHookRecorder: a loopback receiver (see <see cref="AmoHookRecorder"/>) that answers 200 and keeps every
    /// request it gets as one file in -Path; it runs until Stop-AmoHookRecorder or the end of the process.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "AmoHookRecorder")]
    [OutputType(typeof(AmoHookRecorder))]
    public sealed class StartAmoHookRecorderCommand : AmoCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        [Parameter]
        [ValidateRange(0, 65535)]
        public int Port { get; set; }

        protected override void ProcessRecordCore()
        {
            try
            {
                AmoHookRecorder recorder = AmoHookRecorder.Start(ResolveLiteralPath(Path), Port);
                HookRecorderRegistry.Add(recorder);
                WriteVerbose($"Recording every request to {recorder.Uri} into {recorder.Path}");
                WriteObject(recorder);
            }
            catch (AmoException ex)
            {
                WriteAmoError(ex, Path);
            }
        }
    }
}
