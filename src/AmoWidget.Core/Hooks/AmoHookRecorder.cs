using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using AmoWidget.Hooks;
using AmoWidget.Http;
using Newtonsoft.Json.Linq;

namespace AmoWidget
{
    /// <summary>
    /// A loopback receiver that answers 200 to every request and keeps each as one request file
    /// (<see cref="AmoHookRecording"/>) in <see cref="Path"/>: the user points a tunnel or the platform at it, and
    /// replays what came with Invoke-AmoHookReplay.
    /// </summary>
    public sealed class AmoHookRecorder : IDisposable
    {
        /// <summary>The most of a body kept: 8 MB, far above any request the platform sends; a larger one is answered 413 and not kept.</summary>
        public const int MaxBody = 8 * 1024 * 1024;

        private readonly LoopbackHttpServer _http;
        private int _count;
        private int _failed;
        private int _refused;

        private AmoHookRecorder(string path, int port)
        {
            Path = path;
            _http = LoopbackHttpServer.Start(port, Answer, MaxBody, Refuse);
            Uri = new Uri("http://127.0.0.1:" + _http.Port.ToString(CultureInfo.InvariantCulture) + "/");
        }

        /// <summary>The folder the files go to.</summary>
        public string Path { get; }

        public int Port => _http.Port;

        /// <summary>http://127.0.0.1:&lt;port&gt;/: any path and method is taken.</summary>
        public Uri Uri { get; }

        /// <summary>Requests kept so far.</summary>
        public int Count => Volatile.Read(ref _count);

        /// <summary>Requests that could not be written (answered 500).</summary>
        public int Failed => Volatile.Read(ref _failed);

        /// <summary>Requests whose body passed <see cref="MaxBody"/>: answered 413 and not kept.</summary>
        public int Refused => Volatile.Read(ref _refused);

        public bool Running => _http.Running;

        /// <summary>Creates <paramref name="path"/> if needed and listens on 127.0.0.1:<paramref name="port"/> (0: a free port).</summary>
        public static AmoHookRecorder Start(string path, int port)
        {
            try
            {
                Directory.CreateDirectory(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                throw new AmoException(ErrorIds.AmoHookRecordingWriteFailed, AmoErrorKind.WriteError, $"Cannot create the folder '{path}': {ex.Message}", path, ex);
            }

            return new AmoHookRecorder(path, port);
        }

        public void Stop() => _http.Stop();

        public void Dispose() => Stop();

        public override string ToString() => $"{Uri} -> {Path} ({Count} kept)";

        // Counted so that stopping can say a request came and was not kept: the server answers it before the
        // handler sees it, and a silent 413 would read as "the platform sent nothing".
        private LoopbackResponse Refuse(LoopbackRequest head, string why)
        {
            Interlocked.Increment(ref _refused);
            return LoopbackResponse.Text(413, "Payload Too Large", why + "\n");
        }

        private LoopbackResponse Answer(LoopbackRequest request)
        {
            int n = Interlocked.Increment(ref _count);
            var recording = new AmoHookRecording(request.Method, request.Target, request.Headers.ToList(), request.Body);
            // Names sort in arrival order: time, then the sequence number (two requests in the same millisecond).
            string name = recording.Time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'.'fff", CultureInfo.InvariantCulture) + "-" + n.ToString("D4", CultureInfo.InvariantCulture) + "-" + SafeName(request.Method) + ".amohook.json";
            try
            {
                recording.Save(System.IO.Path.Combine(Path, name));
            }
            catch (AmoException)
            {
                Interlocked.Decrement(ref _count);
                Interlocked.Increment(ref _failed);
                return LoopbackResponse.Text(500, "Internal Server Error", "not recorded");
            }

            var response = new LoopbackResponse(200, "OK").With("Content-Type", "application/json");
            response.Body = Encoding.UTF8.GetBytes(new JObject { ["recorded"] = name }.ToString(Newtonsoft.Json.Formatting.None));
            return response;
        }

        private static string SafeName(string method) => new string(method.Where(c => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')).Take(16).ToArray());
    }
}
