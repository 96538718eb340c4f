using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using AmoWidget.DevLoop;
using AmoWidget.Http;
using AmoWidget.IO;
using AmoWidget.Packaging;
using AmoWidget.Widget;

namespace AmoWidget
{
    /// <summary>One request the widget dev server answered, as Get-AmoWidgetServer shows it.</summary>
    public sealed class AmoWidgetServerRequest
    {
        internal AmoWidgetServerRequest(DateTimeOffset time, string method, string path, int statusCode, long bytes, string? origin, string? fetchSite, string? fetchMode, string? fetchDest, string? host = null)
        {
            Host = host;
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

        /// <summary><see cref="StatusCode"/> under the name of its column in the default table (6 characters, which leaves the path and origin room at 80 columns).</summary>
        public int Status => StatusCode;

        /// <summary>Body bytes sent (0 for HEAD, OPTIONS and refusals with no body).</summary>
        public long Bytes { get; }

        /// <summary>The page that asked: the Origin header, else the Referer's origin; null for a direct request.</summary>
        public string? Origin { get; }

        /// <summary>Sec-Fetch-Site (cross-site for a script tag on the amo page), Sec-Fetch-Mode, Sec-Fetch-Dest, as the browser sent them.</summary>
        public string? FetchSite { get; }

        public string? FetchMode { get; }

        public string? FetchDest { get; }

        /// <summary>The Host header as sent; a request whose Host is not the server's own address is answered 421.</summary>
        public string? Host { get; }

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

            if (StatusCode == AmoWidgetServer.MisdirectedStatus)
            {
                details.Add("Host " + (Host ?? "missing") + " refused");
            }

            string tail = details.Count > 0 ? " (" + string.Join(", ", details) + ")" : string.Empty;
            // The request line and headers come from any page that reaches the server: escaped to one line.
            return Printable.Escape(string.Format(CultureInfo.InvariantCulture, "{0:HH:mm:ss} {1} {2} {3} {4} bytes{5}", Time.ToLocalTime(), Method, Path, StatusCode, Bytes, tail));
        }
    }

    /// <summary>
    /// The widget dev server: serves a widget folder on http://127.0.0.1:&lt;port&gt;/ in the background so that a
    /// loader archive (Compress-AmoWidget -DevLoader) on an amoCRM / Kommo page runs the files as they are on disk.
    /// </summary>
    /// <remarks>
    /// A developer leaves it running while browsing, so it answers only what the amo page needs. A request whose Host
    /// header is not the server's own address (127.0.0.1:port or localhost:port) is 421 Misdirected Request
    /// (https://www.rfc-editor.org/rfc/rfc9110#name-421-misdirected-request): a DNS-rebinding page reaches 127.0.0.1
    /// under its own host name, so it is refused before anything is read. CORS, which lets a page read the answer
    /// (https://fetch.spec.whatwg.org/#http-cors-protocol), is granted only to an amoCRM or Kommo account page
    /// (https://*.amocrm.ru, https://*.amocrm.com, https://*.kommo.com) and to the origins the user adds: their Origin
    /// is echoed in <c>Access-Control-Allow-Origin</c> and <c>Timing-Allow-Origin</c>, with <c>Vary: Origin</c> on every
    /// answer; a preflight from them gets the methods and headers asked for and
    /// <c>Access-Control-Allow-Private-Network: true</c> (https://wicg.github.io/private-network-access/), a preflight
    /// from any other origin 403 with no grant. A script tag sends no Origin and needs no CORS, so it loads from any
    /// page (<c>Cross-Origin-Resource-Policy: cross-origin</c>); nothing is refused for its Referer or Sec-Fetch-*
    /// headers: a script tag on the amo page sends <c>Sec-Fetch-Mode: no-cors</c>, <c>Sec-Fetch-Site: cross-site</c>,
    /// which webpack-dev-server 5.2.1+ answers with 403 (https://github.com/webpack/webpack-dev-server/issues/5446).
    /// Only files inside the folder are served: a path with <c>..</c> (also percent-encoded), a backslash, a NUL, a
    /// file or folder the archive would leave out (dotfiles, node_modules, __MACOSX, zips), a link whose target is
    /// outside the folder, or a FIFO, device or socket is 403; a missing file or a folder is 404. The file is opened
    /// first and the open file judged (SafeFile.OpenInside), so one swapped for a link out of the folder after the
    /// path was checked is 403 too. No caching (<c>Cache-Control: no-store</c>).
    /// </remarks>
    public sealed class AmoWidgetServer
    {
        /// <summary>The most requests kept in <see cref="Requests"/>; older ones are dropped first.</summary>
        public const int MaxKeptRequests = 1000;

        /// <summary>The status of a request addressed to another host (RFC 9110, 15.5.20).</summary>
        public const int MisdirectedStatus = 421;

        /// <summary>An amoCRM or Kommo account page: https, a subdomain of amocrm.ru, amocrm.com or kommo.com, no port.</summary>
        private static readonly Regex AmoOrigin = new Regex(
            @"^https://([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+(amocrm\.ru|amocrm\.com|kommo\.com)$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>An origin as -AllowOrigin takes it: scheme://host[:port], no path, query, fragment or user information.</summary>
        private static readonly Regex OriginShape = new Regex(
            @"^(?<scheme>[a-z][a-z0-9+.-]*)://(?<host>\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9._-]*[a-z0-9])?)(:(?<port>[0-9]{1,5}))?$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private readonly object _gate = new object();
        private readonly Queue<AmoWidgetServerRequest> _requests = new Queue<AmoWidgetServerRequest>();
        private readonly string _root;

        /// <summary>The served folder with its links resolved, once: the root links are judged against.</summary>
        private readonly string? _realRoot;
        private LoopbackHttpServer? _http;
        private int _unreported;
        private string[] _hosts = Array.Empty<string>();

        private AmoWidgetServer(string root, string[] allowOrigin)
        {
            _root = root;
            _realRoot = FileProbe.RealPath(root);
            Path = root;
            AllowOrigin = allowOrigin;
        }

        /// <summary>The origins the user added to the amoCRM and Kommo pages that are granted CORS, as scheme://host[:port].</summary>
        public string[] AllowOrigin { get; }

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
        /// Starts serving <paramref name="folder"/> on 127.0.0.1:<paramref name="port"/> (0: a free port), granting CORS
        /// to the amo pages and to <paramref name="allowOrigin"/>. Errors: AllowOriginInvalid (an origin that is not
        /// scheme://host[:port]), PathNotFound (no such folder), PortInUse (the port is taken).
        /// </summary>
        public static AmoWidgetServer Start(string folder, int port, IEnumerable<string>? allowOrigin = null)
        {
            string[] origins = (allowOrigin ?? Array.Empty<string>()).Select(NormalizeOrigin).Distinct(StringComparer.Ordinal).ToArray();
            string root = System.IO.Path.GetFullPath(folder).TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar);
            if (root.Length == 0)
            {
                root = System.IO.Path.DirectorySeparatorChar.ToString();
            }

            if (!Directory.Exists(root))
            {
                throw new AmoException(ErrorIds.PathNotFound, AmoErrorKind.ObjectNotFound, $"Cannot find the widget folder '{folder}': it does not exist or is not a folder.", folder);
            }

            var server = new AmoWidgetServer(root, origins);
            server._http = LoopbackHttpServer.Start(port, server.Answer, maxBody: 0);
            server.Port = server._http.Port;
            string portText = server.Port.ToString(CultureInfo.InvariantCulture);
            server._hosts = server.Port == 80
                ? new[] { "127.0.0.1:80", "localhost:80", "127.0.0.1", "localhost" }
                : new[] { "127.0.0.1:" + portText, "localhost:" + portText };
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

        /// <summary>
        /// The origin as it is granted: scheme and host in lower case, a default port (80 for http, 443 for https)
        /// dropped as browsers drop it from the Origin header (https://www.rfc-editor.org/rfc/rfc6454#section-6.1).
        /// AllowOriginInvalid for anything that is not scheme://host[:port].
        /// </summary>
        internal static string NormalizeOrigin(string origin)
        {
            Match match = OriginShape.Match(origin ?? string.Empty);
            int port = 0;
            if (!match.Success || (match.Groups["port"].Success && (!int.TryParse(match.Groups["port"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535)))
            {
                throw new AmoException(ErrorIds.AllowOriginInvalid, AmoErrorKind.InvalidArgument,
                    $"'{origin}' is not an origin: give scheme://host[:port] with no path, such as http://localhost:3000 or https://widgets.mycompany.test.", origin)
                {
                    RecommendedAction = "Give the origin of the page that reads the files (its scheme, host and port), without a path, query or '*'.",
                };
            }

            string scheme = match.Groups["scheme"].Value.ToLowerInvariant();
            string host = match.Groups["host"].Value.ToLowerInvariant();
            bool defaultPort = (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
            return scheme + "://" + host + (match.Groups["port"].Success && !defaultPort ? ":" + port.ToString(CultureInfo.InvariantCulture) : string.Empty);
        }

        /// <summary>Whether a page of <paramref name="origin"/> (the Origin header) may read the answers: an amo account page or an added origin.</summary>
        internal bool Grants(string? origin) =>
            !string.IsNullOrEmpty(origin) && (AmoOrigin.IsMatch(origin) || AllowOrigin.Contains(origin, StringComparer.OrdinalIgnoreCase));

        /// <summary>Whether the Host header names the address the server listens on (RFC 9112, 3.2: every HTTP/1.1 request has one).</summary>
        internal bool HostIsOwn(string? host) => host != null && _hosts.Contains(host, StringComparer.OrdinalIgnoreCase);

        private LoopbackResponse Answer(LoopbackRequest request)
        {
            string? origin = request.Header("Origin");
            bool own = HostIsOwn(request.Header("Host"));
            bool granted = own && Grants(origin);
            LoopbackResponse response = own
                ? Respond(request, granted)
                : LoopbackResponse.Text(MisdirectedStatus, "Misdirected Request", $"This server answers only requests addressed to {string.Join(" or ", _hosts.Take(2))}.\n");
            AddCommonHeaders(response, granted ? origin : null);
            long bytes = request.Method == "HEAD" ? 0 : response.Content != null ? response.Content.Length : response.Body.Length;
            Record(new AmoWidgetServerRequest(DateTimeOffset.Now, request.Method, request.Target, response.Status, bytes, OriginOf(request),
                request.Header("Sec-Fetch-Site"), request.Header("Sec-Fetch-Mode"), request.Header("Sec-Fetch-Dest"), request.Header("Host")));
            return response;
        }

        private LoopbackResponse Respond(LoopbackRequest request, bool granted)
        {
            switch (request.Method)
            {
                case "OPTIONS":
                    if (!granted)
                    {
                        return LoopbackResponse.Text(403, "Forbidden", "Only amoCRM and Kommo account pages and the origins given to -AllowOrigin may read these files.\n");
                    }

                    return new LoopbackResponse(204, "No Content")
                        .With("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
                        .With("Access-Control-Allow-Headers", request.Header("Access-Control-Request-Headers") ?? "*")
                        .With("Access-Control-Allow-Private-Network", "true");
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

            string leaf = System.IO.Path.GetFileName(file);
            Stream content;
            try
            {
                content = SafeFile.OpenInside(file, _realRoot);
            }
            catch (AmoException ex) when (ex.ErrorId == ErrorIds.FileNotRegular)
            {
                return LoopbackResponse.Text(403, "Forbidden", $"'{leaf}' is not a regular file: it is not served.\n");
            }
            catch (AmoException)
            {
                return LoopbackResponse.Text(403, "Forbidden", $"'{leaf}' turned out to lead out of the widget folder when it was opened: only files inside the folder are served.\n");
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                return LoopbackResponse.Text(404, "Not Found", "No such file in the widget folder.\n");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return LoopbackResponse.Text(403, "Forbidden", $"'{leaf}' cannot be read.\n");
            }

            var ok = new LoopbackResponse(200, "OK") { Content = content };
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
                if (PackedNames.IsExcluded(segments[i], target.Kind == FileKind.Directory))
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

        private static void AddCommonHeaders(LoopbackResponse response, string? grantedOrigin)
        {
            if (grantedOrigin != null)
            {
                response.With("Access-Control-Allow-Origin", grantedOrigin).With("Timing-Allow-Origin", grantedOrigin);
            }

            // The answer differs by Origin, so no cache may hand one page's answer to another.
            response.With("Vary", "Origin")
                .With("Cross-Origin-Resource-Policy", "cross-origin")
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
