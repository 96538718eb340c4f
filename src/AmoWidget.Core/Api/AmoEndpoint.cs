using System;
using System.Net;
using System.Text.RegularExpressions;

namespace AmoWidget.Api
{
    /// <summary>Works out the API base URI and refuses any that could send a token to the wrong host or in clear text.</summary>
    internal static class AmoEndpoint
    {
        // One DNS label: a dot, slash, at sign or colon would let "evil.com/x" or "a@evil.com" move the token elsewhere.
        private static readonly Regex Label = new Regex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant);

        public static string HostOf(AmoAccountPlatform platform) => platform switch
        {
            AmoAccountPlatform.AmoCrmCom => "amocrm.com",
            AmoAccountPlatform.Kommo => "kommo.com",
            _ => "amocrm.ru",
        };

        public static Uri FromSubdomain(string subdomain, AmoAccountPlatform platform)
        {
            string label = (subdomain ?? string.Empty).Trim().ToLowerInvariant();
            string suffix = "." + HostOf(platform);
            if (label.EndsWith(suffix, StringComparison.Ordinal))
            {
                label = label.Substring(0, label.Length - suffix.Length);
            }

            if (!Label.IsMatch(label) || label == "www")
            {
                throw new AmoException(AmoApiErrorIds.SubdomainInvalid, AmoErrorKind.InvalidArgument,
                    $"'{subdomain}' is not an account subdomain: give the single label before .{HostOf(platform)} (letters, digits and hyphens, e.g. 'example' for https://example.{HostOf(platform)}).",
                    subdomain);
            }

            return new Uri("https://" + label + suffix + "/");
        }

        public static Uri FromBaseUri(Uri baseUri)
        {
            if (baseUri == null || !baseUri.IsAbsoluteUri || (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp)
                || !string.IsNullOrEmpty(baseUri.UserInfo) || !string.IsNullOrEmpty(baseUri.Query) || !string.IsNullOrEmpty(baseUri.Fragment)
                || baseUri.AbsolutePath != "/")
            {
                throw new AmoException(AmoApiErrorIds.BaseUriInvalid, AmoErrorKind.InvalidArgument,
                    $"'{baseUri}' is not an API base: give an absolute http(s) URI of the host only, such as https://example.amocrm.ru or http://127.0.0.1:5123.",
                    baseUri);
            }

            if (baseUri.Scheme == Uri.UriSchemeHttp && !IsLoopback(baseUri))
            {
                throw new AmoException(AmoApiErrorIds.BaseUriInsecure, AmoErrorKind.SecurityError,
                    $"'{baseUri}' uses plain http to a host that is not loopback: the access token would travel unencrypted. Use https, or http only to localhost / 127.0.0.1 / [::1].",
                    baseUri);
            }

            return new Uri(baseUri.GetLeftPart(UriPartial.Authority) + "/");
        }

        public static bool IsLoopback(Uri uri) =>
            uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out IPAddress? ip) && IPAddress.IsLoopback(ip));

        /// <summary>
        /// Turns a path or an absolute URL (such as a _links.next href) into a path and query on the base host.
        /// An absolute URL on any other host is refused, so neither paging nor Invoke-AmoRestMethod can carry the token away.
        /// </summary>
        public static string ToRelative(Uri baseUri, string pathOrUrl)
        {
            string text = (pathOrUrl ?? string.Empty).Trim();
            if (Uri.TryCreate(text, UriKind.Absolute, out Uri? absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps))
            {
                if (!string.Equals(absolute.GetLeftPart(UriPartial.Authority), baseUri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
                {
                    throw new AmoException(AmoApiErrorIds.PathInvalid, AmoErrorKind.SecurityError,
                        $"'{text}' is not on the connection's host {baseUri.Host}: the token is only sent to that host.", text);
                }

                return absolute.PathAndQuery.TrimStart('/');
            }

            if (text.Length == 0 || text.StartsWith("//", StringComparison.Ordinal) || text.Contains("://") || text.Contains("\\"))
            {
                throw new AmoException(AmoApiErrorIds.PathInvalid, AmoErrorKind.InvalidArgument,
                    $"'{text}' is not an API path: give a path such as /api/v4/account.", text);
            }

            return text.TrimStart('/');
        }
    }
}
