using System;
using System.Collections.Generic;
using System.Linq;

namespace AmoWidget
{
    /// <summary>
    /// Which platform a manifest is written for, read from what only one platform takes: its languages first
    /// (ru is amoCRM's alone; es, pt, tr and id are Kommo's: https://www.amocrm.ru/developers/content/integrations/structure,
    /// https://developers.kommo.com/docs/manifest-json), then its locations (a few exist on one platform only:
    /// https://developers.kommo.com/docs/widget-locations, https://www.amocrm.ru/developers/content/integrations/areas),
    /// then its support contact (an address on an amoCRM or Kommo site, or a .ru address, whose users are amoCRM's:
    /// Kommo offers no Russian interface). A manifest that names both platforms' languages, or nothing only one platform
    /// takes, is judged by what either accepts (<see cref="AmoPlatform.Any"/>).
    /// </summary>
    public static class AmoPlatformTarget
    {
        /// <summary>The platform and, in words a finding can carry, why.</summary>
        public static (AmoPlatform Platform, string Reason) Infer(IEnumerable<string> locales, IEnumerable<string> locations, string? supportLink, string? supportEmail)
        {
            string[] languages = locales.Select(l => l.Trim().ToLowerInvariant()).Distinct().ToArray();
            string[] amoCrmOnly = languages.Where(l => Only(l, AmoPlatform.AmoCrm)).ToArray();
            string[] kommoOnly = languages.Where(l => Only(l, AmoPlatform.Kommo)).ToArray();
            if (amoCrmOnly.Length > 0 && kommoOnly.Length > 0)
            {
                return (AmoPlatform.Any, $"widget.locale has languages of both platforms ({List(amoCrmOnly)} of amoCRM, {List(kommoOnly)} of Kommo)");
            }

            if (amoCrmOnly.Length > 0)
            {
                return (AmoPlatform.AmoCrm, $"widget.locale has {List(amoCrmOnly)}, a language of amoCRM and not of Kommo");
            }

            if (kommoOnly.Length > 0)
            {
                return (AmoPlatform.Kommo, $"widget.locale has {List(kommoOnly)}, {(kommoOnly.Length == 1 ? "a language" : "languages")} of Kommo and not of amoCRM");
            }

            var own = new List<AmoLocationInfo>();
            foreach (string value in locations)
            {
                (string bare, _) = AmoLocationCatalog.Split(value.Trim());
                AmoLocationInfo? info = AmoLocationCatalog.Find(bare);
                if (info != null && info.Platforms != AmoPlatforms.Both)
                {
                    own.Add(info);
                }
            }

            AmoLocationInfo? amoCrmLocation = own.FirstOrDefault(l => l.Platforms == AmoPlatforms.AmoCrm);
            AmoLocationInfo? kommoLocation = own.FirstOrDefault(l => l.Platforms == AmoPlatforms.Kommo);
            if (amoCrmLocation != null && kommoLocation == null)
            {
                return (AmoPlatform.AmoCrm, $"locations has {amoCrmLocation.Name}, a location of amoCRM only");
            }

            if (kommoLocation != null && amoCrmLocation == null)
            {
                return (AmoPlatform.Kommo, $"locations has {kommoLocation.Name}, a location of Kommo only");
            }

            foreach ((string? address, string key) in new[] { (supportLink, "link"), (supportEmail, "email") })
            {
                string? host = HostOf(address);
                if (host == null)
                {
                    continue;
                }

                if (host == "kommo.com" || host.EndsWith(".kommo.com", StringComparison.Ordinal))
                {
                    return (AmoPlatform.Kommo, $"widget.support.{key} is on kommo.com");
                }

                if (host.StartsWith("amocrm.", StringComparison.Ordinal) || host.Contains(".amocrm.") || host.EndsWith(".ru", StringComparison.Ordinal))
                {
                    return (AmoPlatform.AmoCrm, $"widget.support.{key} is {(host.EndsWith(".ru", StringComparison.Ordinal) ? "a .ru address" : "on an amoCRM site")}");
                }
            }

            return (AmoPlatform.Any, "nothing in the manifest is of one platform only");
        }

        private static bool Only(string language, AmoPlatform platform) =>
            AmoPlatformLanguages.Of(platform).Contains(language)
            && !AmoPlatformLanguages.Of(platform == AmoPlatform.AmoCrm ? AmoPlatform.Kommo : AmoPlatform.AmoCrm).Contains(language);

        private static string List(string[] values) => string.Join(", ", values);

        /// <summary>
        /// The lower-case host of a URL or an e-mail address (the part after the last '@' of text with no "://"),
        /// without a trailing dot; null when there is none. Also how AmoPlaceholderUrl reads an address.
        /// </summary>
        internal static string? HostOf(string? address)
        {
            if (string.IsNullOrWhiteSpace(address))
            {
                return null;
            }

            string value = address!.Trim();
            int at = value.LastIndexOf('@');
            if (at >= 0 && !value.Contains("://"))
            {
                return value.Substring(at + 1).TrimEnd('.').ToLowerInvariant();
            }

            return Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && uri.Host.Length > 0 ? uri.Host.TrimEnd('.').ToLowerInvariant() : null;
        }
    }
}
