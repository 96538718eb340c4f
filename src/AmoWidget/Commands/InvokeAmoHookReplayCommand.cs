using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using System.Text;
using System.Threading;
using AmoWidget.DevLoop;
using AmoWidget.Hooks;

namespace AmoWidget.Commands
{
    /// <summary>
    /// Invoke-AmoHookReplay: sends a request file (Start-AmoHookRecorder's, or a simulator's -SaveRequest) to -Uri,
    /// method, headers and body unchanged; with -ClientSecret its token is signed again with fresh times.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "AmoHookReplay")]
    [OutputType(typeof(AmoHookResult))]
    public sealed class InvokeAmoHookReplayCommand : AmoCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNull]
        public Uri Uri { get; set; } = null!;

        [Parameter]
        [ValidateNotNull]
        public SecureString? ClientSecret { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 30;

        public void Dispose() => _stop.Dispose();

        protected override void StopProcessing() => _stop.Cancel();

        protected override void ProcessRecordCore()
        {
            string file = Path;
            try
            {
                Uri uri = AmoHookSender.CheckUri(Uri, "-Uri");
                file = ResolveLiteralPath(Path);
                AmoHookRecording recording = AmoHookRecording.Load(file);
                IReadOnlyDictionary<string, object>? claims = null;
                if (ClientSecret != null)
                {
                    recording = AmoHookReplay.Resign(recording, AmoHookCmdlet.Reveal(ClientSecret), DateTimeOffset.UtcNow, out IReadOnlyDictionary<string, object> fresh);
                    claims = fresh;
                }

                string shown = recording.Body.Length == 0 ? string.Empty : Encoding.UTF8.GetString(recording.Body);
                WriteVerbose($"{recording.Method} {uri} ({recording.Body.Length} bytes, recorded {recording.Time:u})");
                AmoHookResult result;
                try
                {
                    result = AmoHookSender.SendAsync(uri, recording.Method, recording.Headers, recording.Body.Length == 0 && recording.Method == "GET" ? null : recording.Body, recording.Kind ?? "Replay", shown, TimeSpan.FromSeconds(TimeoutSec), _stop.Token).GetAwaiter().GetResult();
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    throw new PipelineStoppedException();
                }

                result.Claims = claims;
                result.Fields = AmoHookReplay.FormFields(recording);
                WriteObject(result);
            }
            catch (AmoException ex)
            {
                // Files come down the pipeline by the folder: each message names its file, which the core's messages
                // about the request (no token, connection refused) do not.
                string name = Printable.Escape(file);
                WriteAmoError(ex.Message.Contains(name) ? ex : new AmoException(ex.ErrorId, ex.Kind, $"{file}: {ex.Message}", file, ex) { RecommendedAction = ex.RecommendedAction }, file);
            }
        }
    }
}
