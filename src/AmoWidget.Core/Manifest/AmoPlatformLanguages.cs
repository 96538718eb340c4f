using System.Collections.Generic;
using System.Linq;

namespace AmoWidget
{
    /// <summary>The interface languages of each platform, which a manifest's widget.locale and its i18n files use.</summary>
    internal static class AmoPlatformLanguages
    {
        private static readonly string[] AmoCrm = { "ru", "en" };
        private static readonly string[] Kommo = { "en", "es", "pt", "tr", "id" };
        private static readonly string[] All = AmoCrm.Concat(Kommo).Distinct().ToArray();

        /// <summary>The languages of a platform (Any: all of them).</summary>
        public static IReadOnlyList<string> Of(AmoPlatform platform) => platform switch
        {
            AmoPlatform.AmoCrm => AmoCrm,
            AmoPlatform.Kommo => Kommo,
            _ => All,
        };

        /// <summary>The platform as a message names it.</summary>
        public static string PlatformName(AmoPlatform platform) => platform == AmoPlatform.AmoCrm ? "amoCRM" : platform == AmoPlatform.Kommo ? "Kommo" : "amoCRM or Kommo";
    }
}
