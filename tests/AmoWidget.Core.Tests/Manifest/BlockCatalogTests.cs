using System;
using System.Collections.Generic;
using System.Linq;
using AmoWidget.Json;
using AmoWidget.Scaffold;
using AmoWidget.Validation;
using Xunit;

namespace AmoWidget.Tests.Manifest
{
    /// <summary>The block catalog agrees with the location catalog, the scaffolder and the rules that read it.</summary>
    public sealed class BlockCatalogTests
    {
        [Fact]
        public void EveryLocationThatNeedsABlockNamesACatalogBlockAndTheBlockNamesItBack()
        {
            foreach (AmoLocationInfo location in AmoLocationCatalog.All)
            {
                AmoBlockInfo? block = AmoBlockCatalog.ForLocation(location.Name);
                Assert.Equal(block?.Key, location.RequiresBlock);
            }

            foreach (AmoBlockInfo block in AmoBlockCatalog.All)
            {
                Assert.All(block.Locations, l => Assert.NotNull(AmoLocationCatalog.Find(l)));
            }

            Assert.Equal(new[] { "dp", "advanced", "salesbot_designer", "sms", "mobile", "left_menu", "amoforms_settings" }, AmoBlockCatalog.LocationBlocks.Select(b => b.Key));
        }

        [Fact]
        public void TheTopLevelDocumentsEveryBlockInCatalogOrder()
        {
            Assert.Equal(AmoBlockCatalog.All.Select(b => b.Key), AmoBlockCatalog.Root.Documented);
            Assert.Equal(AmoBlockCatalog.All.Count, AmoBlockCatalog.All.Select(b => b.Key).Distinct().Count());
        }

        [Fact]
        public void EveryBlockALocationNeedsHasAScaffoldWriterAndACmdlet()
        {
            Assert.Equal(AmoBlockCatalog.LocationBlocks.Select(b => b.Key).OrderBy(k => k, StringComparer.Ordinal),
                BlockScaffolds.Writers.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.All(AmoBlockCatalog.All, b => Assert.Matches("^(Set|Add)-Amo[A-Za-z]+$", b.Cmdlet!));
            Assert.Equal("Set-AmoDigitalPipeline", AmoBlockCatalog.CmdletFor("dp"));
            Assert.Throws<ArgumentException>(() => AmoBlockCatalog.CmdletFor("nope"));
        }

        [Fact]
        public void ThePlacesKeysAreDocumentedAndTheirRoutesReachThem()
        {
            foreach (KeyPlace place in AmoBlockCatalog.Places)
            {
                Assert.All(place.I18nKeys.Concat(place.I18nOrTextKeys).Concat(place.AddressKeys), k => Assert.True(place.Documents(k), $"{place.Home}: {k}"));
                Assert.Equal(place.Home.IndexOf('<') < 0, place.IsFixed);
            }

            // A place's home is its block followed by its route from the block, a member chosen by the author shown as <...>.
            foreach (AmoBlockInfo block in AmoBlockCatalog.All)
            {
                foreach (KeyPlace top in block.Places)
                {
                    CheckHomes(block.Key, top);
                }
            }
        }

        [Fact]
        public void TheBlockCallbacksAreTheCallbacksOfItsLocations()
        {
            Assert.Equal(new[] { "dpSettings" }, AmoBlockCatalog.Find("dp")!.Callbacks);
            Assert.Equal(new[] { "onSalesbotDesignerSave", "salesbotDesignerSettings" }, AmoBlockCatalog.Find("salesbot_designer")!.Callbacks);
            Assert.Empty(AmoBlockCatalog.Find("tour")!.Callbacks);
        }

        [Fact]
        public void AMisplacedKeyIsSentToTheFixedPlaceBeforeAFieldPlace()
        {
            // "required" is a key of amoforms_settings and of a settings field: the block's own place is named first.
            IReadOnlyList<AmoDiagnostic> findings = AmoValidator.ValidateManifest("{\"widget\": {\"name\": \"w\"}, \"locations\": [\"amoforms\"], \"required\": true}");
            AmoDiagnostic finding = Assert.Single(findings, d => d.RuleName == "AmoKeyUnknown");
            Assert.Contains("belongs in amoforms_settings", finding.Message);
            Assert.Equal("Move it to amoforms_settings.required.", finding.Suggestion);
        }

        private static void CheckHomes(string parentHome, KeyPlace place)
        {
            string expected = string.Join(".", new[] { Normalize(parentHome) }.Concat(place.Route.Select(r => r == KeyPlace.AnyMember ? "<" : r)));
            Assert.Equal(expected, Normalize(place.Home));
            foreach (KeyPlace child in place.Children)
            {
                CheckHomes(place.Home, child);
            }
        }

        /// <summary>A home with every &lt;name&gt; written as &lt;.</summary>
        private static string Normalize(string home) => System.Text.RegularExpressions.Regex.Replace(home, "<[a-z]+>", "<");
    }
}
