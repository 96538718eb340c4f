using System;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;

namespace AmoWidget.Api
{
    /// <summary>
    /// Works out the API base URI and refuses any that could send a token to the wrong host or in clear text; checks
    /// request paths, next-page links and the addresses an account move names against the connection's host.
    /// </summary>
    internal static class AmoEndpoint
    {
        // One DNS label: a dot, slash, at sign or colon would let "evil.com/x" or "a@evil.com" move the token elsewhere.
        private static readonly Regex Label = new Regex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant);

        // RFC 3986 §3.1: a scheme is a letter followed by letters, digits, "+", "-" or "."; "evil.com:80/x" reads as one.
        private static readonly Regex Scheme = new Regex("^[A-Za-z][A-Za-z0-9+.-]*:", RegexOptions.CultureInvariant);

        private static readonly AmoAccountPlatform[] Platforms = { AmoAccountPlatform.Kommo, AmoAccountPlatform.AmoCrmCom, AmoAccountPlatform.AmoCrmRu };

        public static string HostOf(AmoAccountPlatform platform) => platform switch
        {
            AmoAccountPlatform.AmoCrmCom => "amocrm.com",
            AmoAccountPlatform.Kommo => "kommo.com",
            _ => "amocrm.ru",
        };

        public static Uri FromSubdomain(string subdomain, AmoAccountPlatform platform) =>
            new Uri("https://" + AccountLabel(subdomain, platform) + "." + HostOf(platform) + "/");

        /// <summary>
        /// The account's label in <paramref name="subdomain"/> (trimmed, lower case, without a trailing
        /// ".<paramref name="platform"/> host"), else AmoSubdomainInvalid: it must be one DNS label, so nothing built
        /// from it (the API host, a token's iss, a simulated return_url) can name another host. With
        /// <paramref name="hintPlatform"/> false (a caller with no -Platform) the message does not suggest one.
        /// </summary>
        public static string AccountLabel(string subdomain, AmoAccountPlatform platform, bool hintPlatform = true)
        {
            string label = (subdomain ?? string.Empty).Trim().ToLowerInvariant();
            string suffix = "." + HostOf(platform);
            if (label.EndsWith(suffix, StringComparison.Ordinal))
            {
                label = label.Substring(0, label.Length - suffix.Length);
            }

            if (!Label.IsMatch(label) || label == "www")
            {
                // A full address of another platform ("x.kommo.com" while -Platform is AmoCrmRu) is a common slip: name the fix.
                foreach (AmoAccountPlatform other in Platforms.Where(p => hintPlatform && p != platform))
                {
                    string otherSuffix = "." + HostOf(other);
                    if (label.EndsWith(otherSuffix, StringComparison.Ordinal) && Label.IsMatch(label.Substring(0, label.Length - otherSuffix.Length)))
                    {
                        string account = label.Substring(0, label.Length - otherSuffix.Length);
                        throw new AmoException(ErrorIds.AmoSubdomainInvalid, AmoErrorKind.InvalidArgument,
                            $"'{subdomain}' is an account on {HostOf(other)}, but -Platform is {platform} ({HostOf(platform)}): pass -Platform {other} (with -Subdomain {account}).",
                            subdomain)
                        {
                            RecommendedAction = $"Connect-AmoAccount -Subdomain {account} -Platform {other} ...",
                        };
                    }
                }

                throw new AmoException(ErrorIds.AmoSubdomainInvalid, AmoErrorKind.InvalidArgument,
                    $"'{subdomain}' is not an account subdomain: give the single label before .{HostOf(platform)} (letters, digits and hyphens, e.g. 'example' for https://example.{HostOf(platform)}).",
                    subdomain);
            }

            return label;
        }

        /// <summary>
        /// The API base of -BaseUri: scheme, host and port only. Messages and targets never repeat the user info, path
        /// or query of the value given (they may hold a password), only <see cref="Redact"/>'s scheme://host:port.
        /// </summary>
        public static Uri FromBaseUri(Uri baseUri)
        {
            if (baseUri == null || !baseUri.IsAbsoluteUri || (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp))
            {
                throw new AmoException(ErrorIds.AmoBaseUriInvalid, AmoErrorKind.InvalidArgument,
                    "-BaseUri is not an absolute http or https URI: give the host only, such as https://example.amocrm.ru or http://127.0.0.1:5123.");
            }

            string host = Redact(baseUri);
            if (!string.IsNullOrEmpty(baseUri.UserInfo))
            {
                throw new AmoException(ErrorIds.AmoBaseUriInvalid, AmoErrorKind.InvalidArgument,
                    $"-BaseUri holds a user name or password before '@' (shown here as {RedactedUserInfo(baseUri)}): it was not used or sent. The API signs in with a token, never with credentials in the address: give the host only, {host}, and the token with -AccessToken.",
                    host);
            }

            if (!string.IsNullOrEmpty(baseUri.Query) || !string.IsNullOrEmpty(baseUri.Fragment) || baseUri.AbsolutePath != "/")
            {
                throw new AmoException(ErrorIds.AmoBaseUriInvalid, AmoErrorKind.InvalidArgument,
                    $"-BaseUri has a path, query or fragment after {host}: give the host only, such as {host}; paths go to Invoke-AmoRestMethod -Path.",
                    host);
            }

            if (baseUri.Scheme == Uri.UriSchemeHttp && !IsLoopback(baseUri))
            {
                throw new AmoException(ErrorIds.AmoBaseUriInsecure, AmoErrorKind.SecurityError,
                    $"'{host}' uses plain http to a host that is not loopback: the access token would travel unencrypted. Use https, or http only to localhost / 127.0.0.1 / [::1].",
                    host);
            }

            return new Uri(host);
        }

        /// <summary>scheme://host:port/ of an absolute URI: no user info, path, query or fragment.</summary>
        public static string Redact(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) + "/";

        public static bool IsLoopback(Uri uri) =>
            uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out IPAddress? ip) && IPAddress.IsLoopback(ip));

        /// <summary>
        /// A path of Invoke-AmoRestMethod as the part after the base URI: "/api/v4/leads" or "api/v4/leads", with a
        /// query. Anything that names a scheme, host or port ("https://...", "https:127.0.0.2:5124/x", "evil.com:80/x",
        /// "//host/x"), a backslash or a control character is AmoApiPathInvalid, so the token is only ever sent to the
        /// connection's host; nothing is sent or retried.
        /// </summary>
        public static string ToApiPath(Uri baseUri, string path)
        {
            string text = (path ?? string.Empty).Trim();
            string? problem =
                text.Length == 0 ? "it is empty"
                : text.Any(c => c < ' ' || c == '\u007f') ? "it holds a control character"
                : text.IndexOf('\\') >= 0 ? "it holds a backslash, which some parsers read as a slash"
                : text.StartsWith("//", StringComparison.Ordinal) ? "it starts with //, which names a host"
                : Scheme.IsMatch(text) ? "it starts with a scheme or a host and port"
                : FirstSegment(text).IndexOf(':') >= 0 ? "its first segment holds a colon, which reads as a host and port"
                : text.IndexOf('#') >= 0 ? "it holds a fragment (#), which is never sent; use -Query for parameters"
                : null;
            string relative = text.TrimStart('/');
            if (problem == null && !(Uri.TryCreate(baseUri + relative, UriKind.Absolute, out Uri? full)
                && string.Equals(full.GetLeftPart(UriPartial.Authority), baseUri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)))
            {
                problem = "it does not make a URI on the connection's host";
            }

            if (problem != null)
            {
                throw new AmoException(ErrorIds.AmoApiPathInvalid, AmoErrorKind.InvalidArgument,
                    $"'{text}' is not an API path: {problem}. -Path takes a path on the connection's host {baseUri.Host} only, such as /api/v4/leads (the token is never sent elsewhere).",
                    text);
            }

            return relative;
        }

        /// <summary>
        /// A link the API sent (such as _links.next) as a path and query on the base host. An absolute URL on any other
        /// host is refused, so paging can never carry the token away.
        /// </summary>
        public static string ToRelative(Uri baseUri, string pathOrUrl)
        {
            string text = (pathOrUrl ?? string.Empty).Trim();
            if (Uri.TryCreate(text, UriKind.Absolute, out Uri? absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps))
            {
                if (!string.Equals(absolute.GetLeftPart(UriPartial.Authority), baseUri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
                {
                    throw new AmoException(ErrorIds.AmoApiPathInvalid, AmoErrorKind.SecurityError,
                        $"The server linked to '{text}', which is not on the connection's host {baseUri.Host}: the token is only sent to that host.", text);
                }

                return absolute.PathAndQuery.TrimStart('/');
            }

            return ToApiPath(baseUri, text);
        }

        /// <summary>
        /// The key of the request pacing shared by every connection in the process that reaches the same limit. amoCRM
        /// counts its 7 requests a second per IP (https://developers.kommo.com/docs/http-codes), so all accounts of one
        /// platform share one key; amocrm.com accounts answer on kommo.com as well (one platform), so the two share one.
        /// Any other host is its own server with its own limiter: host and port.
        /// </summary>
        public static string PacingKey(Uri baseUri)
        {
            string host = baseUri.Host.ToLowerInvariant();
            foreach (AmoAccountPlatform platform in Platforms)
            {
                string suffix = HostOf(platform);
                if (host == suffix || host.EndsWith("." + suffix, StringComparison.Ordinal))
                {
                    return platform == AmoAccountPlatform.AmoCrmRu ? "amocrm.ru" : "kommo.com";
                }
            }

            return baseUri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
        }

        /// <summary>
        /// The base URI for a host an account move named (the "domain" of the subdomain lookup, or the api_domain claim
        /// of an access token), on the connection's scheme and port; null when the host is not one the refresh token
        /// may be sent to: a loopback connection stays on loopback, any other stays on https under the same parent
        /// domain (example.amocrm.ru may move to other.amocrm.ru, never to a host of someone else).
        /// </summary>
        public static Uri? OnSamePlatform(Uri current, string? host)
        {
            string name = (host ?? string.Empty).Trim().TrimEnd('.').ToLowerInvariant();
            if (name.Length == 0 || name.Length > 253 || name.Any(c => !(char.IsLetterOrDigit(c) && c < 128) && c != '.' && c != '-'))
            {
                return null;
            }

            var candidate = new Uri(current.Scheme + "://" + name + (current.IsDefaultPort ? string.Empty : ":" + current.Port) + "/");
            if (IsLoopback(current))
            {
                return IsLoopback(candidate) ? candidate : null;
            }

            string[] labels = name.Split('.');
            bool sameParent = labels.Length >= 3 && labels.All(l => Label.IsMatch(l))
                && PlatformGroup(string.Join(".", labels.Skip(1))) == PlatformGroup(ParentOf(current.Host));
            return candidate.Scheme == Uri.UriSchemeHttps && sameParent ? candidate : null;
        }

        private static string FirstSegment(string text)
        {
            int end = text.IndexOfAny(new[] { '/', '?' });
            return end < 0 ? text : text.Substring(0, end);
        }

        private static string ParentOf(string host)
        {
            int dot = host.IndexOf('.');
            return dot < 0 ? host : host.Substring(dot + 1).ToLowerInvariant();
        }

        private static string PlatformGroup(string parent) => parent == "amocrm.com" ? "kommo.com" : parent;

        private static string RedactedUserInfo(Uri uri) => uri.Scheme + "://***@" + uri.GetComponents(UriComponents.HostAndPort, UriFormat.UriEscaped) + "/";
    }
}
