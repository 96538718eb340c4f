using System;
using System.Linq;
using Xunit;

namespace AmoWidget.Tests
{
    public sealed class RuleCatalogTests
    {
        /// <summary>The rule names of CMDLETS.md, the public contract: each must exist, spelled exactly.</summary>
        private static readonly string[] ContractRules =
        {
            "AmoJsonInvalid", "AmoJsonDuplicateKey", "AmoFileHasBom",
            "AmoFieldRequired", "AmoFieldType", "AmoInterfaceVersion", "AmoSupportMissing", "AmoLegacyCodeSecret",
            "AmoLocationUnknown", "AmoLocationSuffixNotAllowed", "AmoLocationConflict", "AmoLocationDuplicate", "AmoCardSdkWithoutCard", "AmoLocationWithoutBlock", "AmoBlockWithoutLocation",
            "AmoSettingType", "AmoDpActionMultipleMissing", "AmoDpWebhookUrl",
            "AmoI18nFileMissing", "AmoI18nFileNotInLocale", "AmoI18nKeyMissing", "AmoI18nStructureMismatch", "AmoImageMissing", "AmoImageSize", "AmoImageTooLarge", "AmoImageNotPng", "AmoScriptMissing", "AmoScriptSyntax", "AmoCallbackMissing",
            "AmoArchiveNested", "AmoArchiveBackslash", "AmoArchiveJunk", "AmoArchiveUnsafePath", "AmoArchiveZip64", "AmoArchiveName",
            "AmoKeyUnknown", "AmoFormsScriptMissing", "AmoLeftMenuIcon", "AmoTourImageMissing",
        };

        /// <summary>
        /// The rule names added to the public contract after the seed list of CMDLETS.md:
        /// suppressions and CI gates depend on them as much as on the seed's.
        /// </summary>
        private static readonly string[] IssueRules =
        {
            "AmoPlaceholderUrl", "AmoLocaleUnknown", "AmoManifestMissing", "AmoAiAgentDescriptionMissing",
            "AmoFileNotRegular", "AmoFileTooLarge", "AmoLinkOutsideWidget",
            "AmoArchiveDuplicateEntry", "AmoArchiveHeaderMismatch", "AmoArchiveEncrypted",
            "AmoScriptDevLoader", "AmoFileNameInvalid",
            "AmoSettingsBlockMissing", "AmoSalesbotDefaultMissing", "AmoLeftMenuItemInvalid", "AmoSupportInvalid",
            "AmoRuntimeException", "AmoRuntimeResultNotTrue", "AmoRuntimeLimit", "AmoRuntimeI18nKeyAbsent",
            "AmoRuntimeSettingAbsent", "AmoRuntimeAppWrite", "AmoRuntimeModuleUnknown", "AmoRuntimeCrmPostRate",
            "AmoRuntimeHandlerRebound",

            // The moderation rehearsal (Test-AmoWidget -Moderation).
            "AmoEvalUsed", "AmoAlertUsed", "AmoConsoleUsed", "AmoSyncRequest", "AmoApiCallInLoop", "AmoHostGlobalWrite",
            "AmoDeprecatedHostApi", "AmoScriptInjected", "AmoDefineUnknownModule", "AmoImplicitGlobal", "AmoCodeMinified",
            "AmoCommentedOutCode", "AmoSwitcherClass", "AmoTextForeignLanguage", "AmoTextFileFormat", "AmoTextTooLong",
            "AmoCssGlobalSelector", "AmoCssPaletteRedefined", "AmoCssDarkOutsideRoot", "AmoImageAnimated", "AmoTourImageSize",
        };

        [Fact]
        public void EveryContractRuleIsInTheCatalogSpelledExactly()
        {
            foreach (string name in ContractRules)
            {
                Assert.Equal(name, AmoRuleCatalog.Find(name)?.Name);
            }
        }

        [Fact]
        public void TheCatalogHoldsExactlyTheContractsRules()
        {
            // A rule added or dropped without a line here is a change of the public contract nobody decided.
            Assert.Equal(ContractRules.Concat(IssueRules).OrderBy(n => n, StringComparer.Ordinal), AmoRuleCatalog.All.Select(r => r.Name).OrderBy(n => n, StringComparer.Ordinal));
        }

        [Fact]
        public void EveryRuleHasADescriptionAndADocsLink()
        {
            Assert.Equal(AmoRuleCatalog.All.Count, AmoRuleCatalog.All.Select(r => r.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.All(AmoRuleCatalog.All, r =>
            {
                Assert.StartsWith("Amo", r.Name);
                Assert.True(r.Description.Length > 40, r.Name);
                Assert.Matches("^https://(developers\\.kommo\\.com|www\\.amocrm\\.(ru|com\\.kz))/", r.HelpUri);
            });
        }

        [Fact]
        public void FindIsCaseInsensitiveAndNullForUnknownNames()
        {
            Assert.Equal("AmoImageSize", AmoRuleCatalog.Find("amoimagesize")?.Name);
            Assert.Null(AmoRuleCatalog.Find("AmoNoSuchRule"));
        }
    }
}
