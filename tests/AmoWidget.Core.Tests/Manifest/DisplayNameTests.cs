using System;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;
using AmoWidget.Widget;

namespace AmoWidget.Tests.Manifest
{
    public sealed class DisplayNameTests
    {
        /// <summary>A locale file past the i18n cap is not read (bounded memory); the next locale's file gives the name.</summary>
        [Fact]
        public void AnOversizedLocaleFileIsSkippedForTheNextLocale()
        {
            string folder = Path.Combine(Path.GetTempPath(), "amowidget-displayname-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path.Combine(folder, "i18n"));
            try
            {
                File.WriteAllText(Path.Combine(folder, "manifest.json"), "{\"widget\": {\"name\": \"widget.name\", \"locale\": [\"ru\", \"en\"]}}");
                var big = new StringBuilder("{\"widget\": {\"name\": \"Большой файл\"}, \"pad\": \"");
                big.Append('x', AmoReadLimits.I18nBytes).Append("\"}");
                File.WriteAllText(Path.Combine(folder, "i18n", "ru.json"), big.ToString());
                File.WriteAllText(Path.Combine(folder, "i18n", "en.json"), "{\"widget\": {\"name\": \"Small file\"}}");

                AmoManifest m = ManifestFiles.Load(folder);

                Assert.Equal("Small file", m.DisplayName);
                Assert.Equal("widget.name", m.Name);
            }
            finally
            {
                Directory.Delete(folder, true);
            }
        }

        /// <summary>Every real widget gets a name without an exception, and where its i18n file has widget.name, that text.</summary>
        [CorpusFact]
        public void EveryCorpusWidgetShowsItsNameFromI18n()
        {
            int fromI18n = 0;
            foreach (string folder in Directory.GetDirectories(Repo.Corpus!).Where(d => File.Exists(Path.Combine(d, "manifest.json"))))
            {
                AmoManifest m;
                try
                {
                    m = ManifestFiles.Load(folder);
                }
                catch (AmoException)
                {
                    continue;
                }

                string? name = m.DisplayName;
                if (m.Name == null)
                {
                    Assert.Null(name);
                }
                else if (name != m.Name)
                {
                    fromI18n++;
                }
            }

            Assert.True(fromI18n > 50, $"only {fromI18n} corpus widgets showed a name from i18n");
        }
    }
}
