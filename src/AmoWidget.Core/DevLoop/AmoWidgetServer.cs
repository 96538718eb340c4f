using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using AmoWidget.DevLoop;
using AmoWidget.Http;
using AmoWidget.IO;
using AmoWidget.Packaging;

namespace AmoWidget
{
    /// <summary>One request the widget dev server answered, as Get-AmoWidgetServer shows it.</summary>
    public sealed class AmoWidgetServerRequest
    {
        internal AmoWidgetServerRequest(DateTimeOffset time, string method, string path, int statusCode, long bytes, string? origin, string? fetchSite, string? fetchMode, string? fetchDest)
        {
            Time = time;
            Method = method;
            Path = path;
            StatusCode = statusCode;
            Bytes = bytes;
            Origin = origin;
            FetchSite = fetchSite;
            FetchMode = fetchMode;
            FetchDest = fetchDest;
        }

        public DateTimeOffset Time { get; }

        public string Method { get; }

        /// <summary>The request target as sent (percent-encoded path and query).</summary>
        public string Path { get; }

        public int StatusCode { get; }

        /// <summary>Body bytes sent (0 for HEAD, OPTIONS and refusals with no body).</summary>
        public long Bytes { get; }

        /// <summary>The page that asked: the Origin header, else the Referer's origin; null for a direct request.</summary>
        public string? Origin { get; }

        /// <summary>Sec-Fetch-Site (cross-site for a script tag on the amo page), Sec-Fetch-Mode, Sec-Fetch-Dest, as the browser sent them.</summary>
        public string? FetchSite { get; }

        public string? FetchMode { get; }

        public string? FetchDest { get; }

        /// <summary>The line verbose output shows: <c>GET /script.js 200 1234 bytes (script, cross-site, from https://x.amocrm.ru)</c>.</summary>
        public override string ToString()
        {
            var details = new List<string>();
            if (FetchDest != null)
            {
                details.Add(FetchDest);
            }

            if (FetchSite != null)
            {
                details.Add(FetchSite);
            }

            if (Origin != null)
            {
                details.Add("from " + Origin);
            }

            string tail = details.Count > 0 ? " (" + string.Join(", ", details) + ")" : string.Empty;
            // The request line and headers come from any page that reaches the server: escaped to one line.
            return Printable.Escape(string.Format(CultureInfo.InvariantCulture, "{0:HH:mm:ss} {1} {2} {3} {4} bytes{5}", Time.ToLocalTime(), Method, Path, StatusCode, Bytes, tail));
        }
    }

    /// <summary>
    /// The widget dev server: serves a widget folder on http://127.0.0.1:&lt;port&gt;/ in the background so that a
    /// loader archive (Compress-AmoWidget -DevLoader) on an amoCRM / Kommo page runs the files as they are on disk.
    /// Every answer carries the headers a cross-site page needs to load and read them (as the dev server of
    /// https://github.com/kommo-crm/create-kommo-integration sends them): <c>Access-Control-Allow-Origin: *</c>,
    /// <c>Cross-Origin-Resource-Policy: cross-origin</c>, <c>Timing-Allow-Origin: *</c> and no caching
    /// (<c>Cache-Control: no-store</c>). A preflight (OPTIONS) is answered 204 with the methods and headers asked for
    /// and <c>Access-Control-Allow-Private-Network: true</c> (Chrome's private network access preflight). Nothing is
    /// refused for its Origin, Host, Referer or Sec-Fetch-* headers: a script tag on the amo page sends
    /// <c>Sec-Fetch-Mode: no-cors</c>, <c>Sec-Fetch-Site: cross-site</c>, which webpack-dev-server 5.2.1+ answers with
    /// 403 (https://github.com/webpack/webpack-dev-server/issues/5446). Only files inside the folder are served: a path
    /// with <c>..</c> (also percent-encoded), a backslash, a NUL, a file or folder the archive would leave out
    /// (dotfiles, node_modules, __MACOSX, zips), a link whose target is outside the folder, or a FIFO, device or socket
    /// is 403; a missing file or a folder is 404.
    /// </summary>
    public sealed class AmoWidgetServer
    {
        /// <summary>The most requests kept in <see cref="Requests"/>; older ones are dropped first.</summary>
        public const int MaxKeptRequests = 1000;

        private readonly object _gate = new object();
        private readonly Queue<AmoWidgetServerRequest> _requests = new Queue<AmoWidgetServerRequest>();
        private readonly string _root;

        /// <summary>The served folder with its links resolved, once: the root links are judged against.</summary>
        private readonly string? _realRoot;
        private LoopbackHttpServer? _http;
        private int _unreported;

        private AmoWidgetServer(string root)
        {
            _root = root;
            _realRoot = FileProbe.RealPath(root);
            Path = root;
        }

        /// <summary>The address the folder is served at, e.g. <c>http://127.0.0.1:9000/</c>.</summary>
        public Uri Url { get; private set; } = null!;

        /// <summary>The full path of the folder served.</summary>
        public string Path { get; }

        public int Port { get; private set; }

        public DateTime Started { get; private set; }

        /// <summary>False once the server was stopped.</summary>
        public bool Running => _http?.Running ?? false;

        /// <summary>The requests answered so far, oldest first (at most <see cref="MaxKeptRequests"/>).</summary>
        public AmoWidgetServerRequest[] Requests
        {
            get
            {
                lock (_gate)
                {
                    return _requests.ToArray();
                }
            }
        }

        /// <summary>
        /// Starts serving <paramref name="folder"/> on 127.0.0.1:<paramref name="port"/> (0: a free port). Errors:
        /// PathNotFound (no such folder), AmoPortInUse (the port is taken).
        /// </summary>
        public static AmoWidgetServer Start(string folder, int port)
        {
            string root = System.IO.Path.GetFullPath(folder).TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar);
            if (root.Length == 0)
            {
                root = System.IO.Path.DirectorySeparatorChar.ToString();
            }

            if (!Directory.Exists(root))
            {
                throw new AmoException(ErrorIds.PathNotFound, AmoErrorKind.ObjectNotFound, $"Cannot find the widget folder '{folder}': it does not exist or is not a folder.", folder);
            }

            var server = new AmoWidgetServer(root);
            server._http = LoopbackHttpServer.Start(port, server.Answer, maxBody: 0);
            server.Port = server._http.Port;
            server.Url = new Uri("http://127.0.0.1:" + server.Port.ToString(CultureInfo.InvariantCulture) + "/");
            server.Started = DateTime.Now;
            return server;
        }

        /// <summary>Stops listening; the port is free when this returns. Stopping twice does nothing.</summary>
        public void Stop() => _http?.Stop();

        /// <summary>The requests not yet handed out by this method, oldest first: what the next cmdlet call shows as verbose output.</summary>
        public AmoWidgetServerRequest[] TakeUnreported()
        {
            lock (_gate)
            {
                AmoWidgetServerRequest[] fresh = _requests.Skip(Math.Max(0, _requests.Count - _unreported)).ToArray();
                _unreported = 0;
                return fresh;
            }
        }

        public override string ToString() => Printable.Escape(Url?.ToString() ?? Path);

        private LoopbackResponse Answer(LoopbackRequest request)
        {
            LoopbackResponse response = Respond(request);
            AddCommonHeaders(response);
            long bytes = request.Method == "HEAD" ? 0 : response.File != null ? new FileInfo(response.File).Length : response.Body.Length;
            Record(new AmoWidgetServerRequest(DateTimeOffset.Now, request.Method, request.Target, response.Status, bytes, OriginOf(request),
                request.Header("Sec-Fetch-Site"), request.Header("Sec-Fetch-Mode"), request.Header("Sec-Fetch-Dest")));
            return response;
        }

        private LoopbackResponse Respond(LoopbackRequest request)
        {
            switch (request.Method)
            {
                case "OPTIONS":
                    var preflight = new LoopbackResponse(204, "No Content")
                        .With("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
                        .With("Access-Control-Allow-Headers", request.Header("Access-Control-Request-Headers") ?? "*")
                        .With("Access-Control-Allow-Private-Network", "true");
                    return preflight;
                case "GET":
                case "HEAD":
                    break;
                default:
                    return LoopbackResponse.Text(405, "Method Not Allowed", "The widget dev server answers GET, HEAD and OPTIONS.\n").With("Allow", "GET, HEAD, OPTIONS");
            }

            string? refusal = Resolve(request.RawPath, out string? file);
            if (refusal != null)
            {
                return LoopbackResponse.Text(403, "Forbidden", refusal + "\n");
            }

            if (file == null)
            {
                return LoopbackResponse.Text(404, "Not Found", "No such file in the widget folder.\n");
            }

            var ok = new LoopbackResponse(200, "OK") { File = file };
            return ok.With("Content-Type", ContentType(file));
        }

        /// <summary>
        /// Maps a request path to a file inside the folder. Returns a reason when the path is refused; otherwise
        /// <paramref name="file"/> is the file, or null when there is none (missing, or a folder).
        /// </summary>
        internal string? Resolve(string rawPath, out string? file)
        {
            file = null;
            if (!rawPath.StartsWith("/", StringComparison.Ordinal))
            {
                return "The path must start with '/'.";
            }

            var segments = new List<string>();
            foreach (string raw in rawPath.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries))
            {
                string segment;
                try
                {
                    segment = Uri.UnescapeDataString(raw);
                }
                catch (UriFormatException)
                {
                    return "The path is not valid percent-encoding.";
                }

                if (segment == "." || segment == ".." || segment.IndexOfAny(new[] { '/', '\\', '\0', ':' }) >= 0)
                {
                    return "Only files inside the widget folder are served.";
                }

                segments.Add(segment);
            }

            // The same rule as the packer and the validator (FileProbe): a link is followed only when its final target
            // stays inside the widget folder, and only regular files are opened (a FIFO would block the server).
            string current = _root;
            for (int i = 0; i < segments.Count; i++)
            {
                current = System.IO.Path.Combine(current, segments[i]);
                FileFacts own = FileProbe.LStat(current);
                if (own.Kind == FileKind.Missing)
                {
                    return null;
                }

                FileFacts target = own.Kind == FileKind.SymbolicLink ? FileProbe.Stat(current) : own;
                if (AmoWidgetPacker.IsExcluded(segments[i], target.Kind == FileKind.Directory))
                {
                    return $"'{segments[i]}' is left out of the widget archive, so it is not served either.";
                }

                if (own.Kind == FileKind.SymbolicLink && FileProbe.LeadsOutside(_realRoot, current, out _))
                {
                    return "A link out of the widget folder is not followed: only files inside the folder are served.";
                }
            }

            string full = System.IO.Path.GetFullPath(current);
            FileFacts facts = FileProbe.Stat(full);
            if (facts.IsSpecial)
            {
                return $"'{segments[segments.Count - 1]}' is {facts.Describe()}, not a regular file: it is not served.";
            }

            if (segments.Count == 0 || facts.Kind != FileKind.Regular || !full.StartsWith(_root + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                return null;
            }

            file = full;
            return null;
        }

        private static void AddCommonHeaders(LoopbackResponse response)
        {
            response.With("Access-Control-Allow-Origin", "*")
                .With("Cross-Origin-Resource-Policy", "cross-origin")
                .With("Timing-Allow-Origin", "*")
                .With("Cache-Control", "no-store, no-cache, must-revalidate, max-age=0")
                .With("Pragma", "no-cache")
                .With("Expires", "0")
                .With("X-Content-Type-Options", "nosniff");
        }

        private void Record(AmoWidgetServerRequest entry)
        {
            lock (_gate)
            {
                _requests.Enqueue(entry);
                if (_requests.Count > MaxKeptRequests)
                {
                    _requests.Dequeue();
                }

                _unreported = Math.Min(_unreported + 1, _requests.Count);
            }
        }

        private static string? OriginOf(LoopbackRequest request)
        {
            string? origin = request.Header("Origin");
            if (!string.IsNullOrEmpty(origin) && origin != "null")
            {
                return origin;
            }

            return Uri.TryCreate(request.Header("Referer"), UriKind.Absolute, out Uri? referer) ? referer.GetLeftPart(UriPartial.Authority) : null;
        }

        private static string ContentType(string file) => System.IO.Path.GetExtension(file).ToLowerInvariant() switch
        {
            ".js" or ".mjs" => "application/javascript; charset=utf-8",
            ".json" or ".map" => "application/json; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".html" or ".htm" or ".twig" => "text/html; charset=utf-8",
            ".txt" or ".md" => "text/plain; charset=utf-8",
            ".svg" => "image/svg+xml",
            ".png" => "image/png",
            ".jpg" or ".jpeg" => "image/jpeg",
            ".gif" => "image/gif",
            ".webp" => "image/webp",
            ".ico" => "image/x-icon",
            ".woff" => "font/woff",
            ".woff2" => "font/woff2",
            ".ttf" => "font/ttf",
            _ => "application/octet-stream",
        };
    }
}
