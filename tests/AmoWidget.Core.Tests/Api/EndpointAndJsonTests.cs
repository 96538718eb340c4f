using System;
using AmoWidget.Api;
using Newtonsoft.Json.Linq;
using Xunit;

namespace AmoWidget.Tests.Api
{
    public sealed class EndpointAndJsonTests
    {
        [Theory]
        [InlineData("example", AmoAccountPlatform.AmoCrmRu, "https://example.amocrm.ru/")]
        [InlineData("Example", AmoAccountPlatform.Kommo, "https://example.kommo.com/")]
        [InlineData("my-shop", AmoAccountPlatform.AmoCrmCom, "https://my-shop.amocrm.com/")]
        [InlineData("example.kommo.com", AmoAccountPlatform.Kommo, "https://example.kommo.com/")]
        public void ASubdomainGivesTheAccountsHost(string subdomain, AmoAccountPlatform platform, string expected) =>
            Assert.Equal(expected, AmoEndpoint.FromSubdomain(subdomain, platform).ToString());

        [Theory]
        [InlineData("evil.com/x")]
        [InlineData("a@evil.com")]
        [InlineData("evil.com#")]
        [InlineData("a.b")]
        [InlineData("www")]
        [InlineData("-x")]
        [InlineData("")]
        public void ASubdomainThatCouldLeaveTheHostIsRefused(string subdomain)
        {
            AmoException ex = Assert.Throws<AmoException>(() => AmoEndpoint.FromSubdomain(subdomain, AmoAccountPlatform.AmoCrmRu));
            Assert.Equal(ErrorIds.AmoSubdomainInvalid, ex.ErrorId);
        }

        [Theory]
        [InlineData("evil.example/x#")]
        [InlineData("a.kommo.com")]
        [InlineData("www.amocrm.ru")]
        public void TheAccountLabelOfACallerWithoutPlatformIsCheckedTheSameWay(string subdomain)
        {
            AmoException ex = Assert.Throws<AmoException>(() => AmoEndpoint.AccountLabel(subdomain, AmoAccountPlatform.AmoCrmRu, hintPlatform: false));
            Assert.Equal(ErrorIds.AmoSubdomainInvalid, ex.ErrorId);
            Assert.DoesNotContain("-Platform", ex.Message, StringComparison.Ordinal);
            Assert.Equal("acme", AmoEndpoint.AccountLabel(" Acme.amocrm.ru", AmoAccountPlatform.AmoCrmRu, hintPlatform: false));
        }

        [Theory]
        [InlineData("http://127.0.0.1:5123", "http://127.0.0.1:5123/")]
        [InlineData("http://localhost:8080/", "http://localhost:8080/")]
        [InlineData("http://[::1]:5123", "http://[::1]:5123/")]
        [InlineData("https://api.example.org", "https://api.example.org/")]
        public void BaseUrisOfLoopbackOrHttpsAreAccepted(string uri, string expected) =>
            Assert.Equal(expected, AmoEndpoint.FromBaseUri(new Uri(uri)).ToString());

        [Fact]
        public void PlainHttpElsewhereIsRefused()
        {
            AmoException ex = Assert.Throws<AmoException>(() => AmoEndpoint.FromBaseUri(new Uri("http://example.amocrm.ru")));
            Assert.Equal(ErrorIds.AmoBaseUriInsecure, ex.ErrorId);
            Assert.Equal(AmoErrorKind.SecurityError, ex.Kind);
            Assert.Equal(ErrorIds.AmoBaseUriInvalid, Assert.Throws<AmoException>(() => AmoEndpoint.FromBaseUri(new Uri("https://u:p@example.com/api"))).ErrorId);
        }

        [Fact]
        public void ANextLinkToAnotherHostIsRefused()
        {
            var baseUri = new Uri("https://example.amocrm.ru/");
            Assert.Equal("api/v4/widgets?page=2", AmoEndpoint.ToRelative(baseUri, "https://example.amocrm.ru/api/v4/widgets?page=2"));
            Assert.Equal(ErrorIds.AmoApiPathInvalid, Assert.Throws<AmoException>(() => AmoEndpoint.ToRelative(baseUri, "https://evil.example/api/v4/widgets")).ErrorId);
            Assert.Equal(ErrorIds.AmoApiPathInvalid, Assert.Throws<AmoException>(() => AmoEndpoint.ToRelative(baseUri, "//evil.example/x")).ErrorId);
            Assert.Equal(AmoErrorKind.SecurityError, Assert.Throws<AmoException>(() => AmoEndpoint.ToRelative(baseUri, "https://evil.example/api/v4/widgets")).Kind);
        }

        [Theory]
        [InlineData("https:127.0.0.2:5124/x")]
        [InlineData("evil.com:80/x")]
        [InlineData("127.0.0.1:80/x")]
        [InlineData("//evil.example/x")]
        [InlineData("http://example.amocrm.ru/api/v4/account")]
        [InlineData("\\\\evil.example\\x")]
        [InlineData("/api/v4/account\u0000")]
        [InlineData("/api/v4/leads#x")]
        [InlineData(" ")]
        public void AnApiPathNeverNamesAHost(string path)
        {
            AmoException ex = Assert.Throws<AmoException>(() => AmoEndpoint.ToApiPath(new Uri("https://example.amocrm.ru/"), path));
            Assert.Equal(ErrorIds.AmoApiPathInvalid, ex.ErrorId);
            Assert.Equal(AmoErrorKind.InvalidArgument, ex.Kind);
        }

        [Theory]
        [InlineData("/api/v4/account", "api/v4/account")]
        [InlineData("api/v4/leads?filter[id]=1&x=a:b", "api/v4/leads?filter[id]=1&x=a:b")]
        [InlineData("/api/v4/../oauth2/x", "api/v4/../oauth2/x")]
        public void AnApiPathIsTheRestOfTheUri(string path, string expected) =>
            Assert.Equal(expected, AmoEndpoint.ToApiPath(new Uri("https://example.amocrm.ru/"), path));

        [Fact]
        public void CredentialsInTheBaseUriAreRefusedWithoutRepeatingThem()
        {
            AmoException ex = Assert.Throws<AmoException>(() => AmoEndpoint.FromBaseUri(new Uri("http://user:hunter2@127.0.0.1:5291")));
            Assert.Equal(ErrorIds.AmoBaseUriInvalid, ex.ErrorId);
            Assert.DoesNotContain("hunter2", ex.Message);
            Assert.DoesNotContain("user:", ex.Message);
            Assert.Equal("http://127.0.0.1:5291/", ex.Target);
            AmoException query = Assert.Throws<AmoException>(() => AmoEndpoint.FromBaseUri(new Uri("https://example.amocrm.ru/?token=hunter2")));
            Assert.DoesNotContain("hunter2", query.Message);
        }

        [Theory]
        [InlineData("x.kommo.com", AmoAccountPlatform.AmoCrmRu, "-Platform Kommo")]
        [InlineData("x.amocrm.ru", AmoAccountPlatform.Kommo, "-Platform AmoCrmRu")]
        [InlineData("x.amocrm.com", AmoAccountPlatform.AmoCrmRu, "-Platform AmoCrmCom")]
        public void AnAddressOfAnotherPlatformNamesThePlatform(string subdomain, AmoAccountPlatform platform, string hint)
        {
            AmoException ex = Assert.Throws<AmoException>(() => AmoEndpoint.FromSubdomain(subdomain, platform));
            Assert.Equal(ErrorIds.AmoSubdomainInvalid, ex.ErrorId);
            Assert.Contains(hint + " (with -Subdomain x)", ex.Message);
        }

        [Theory]
        [InlineData("https://example.amocrm.ru/", "example2.amocrm.ru", "https://example2.amocrm.ru/")]
        [InlineData("https://example.amocrm.ru/", "api-b.amocrm.ru", "https://api-b.amocrm.ru/")]
        [InlineData("https://example.amocrm.com/", "example.kommo.com", "https://example.kommo.com/")]
        [InlineData("http://127.0.0.1:5123/", "127.0.0.2", "http://127.0.0.2:5123/")]
        [InlineData("https://example.amocrm.ru/", "evil.example", null)]
        [InlineData("https://example.amocrm.ru/", "amocrm.ru.evil.example", null)]
        [InlineData("https://example.amocrm.ru/", "x.amocrm.ru/evil", null)]
        [InlineData("https://example.amocrm.ru/", "a@x.amocrm.ru", null)]
        [InlineData("http://127.0.0.1:5123/", "example.amocrm.ru", null)]
        [InlineData("https://example.amocrm.ru/", null, null)]
        public void AMoveStaysOnThePlatform(string current, string? host, string? expected) =>
            Assert.Equal(expected, AmoEndpoint.OnSamePlatform(new Uri(current), host)?.ToString());

        [Fact]
        public void ConnectionsOfOnePlatformShareOnePacing()
        {
            Assert.Equal(AmoEndpoint.PacingKey(new Uri("https://a.amocrm.ru/")), AmoEndpoint.PacingKey(new Uri("https://b.amocrm.ru/")));
            Assert.Equal(AmoEndpoint.PacingKey(new Uri("https://a.kommo.com/")), AmoEndpoint.PacingKey(new Uri("https://b.amocrm.com/")));
            Assert.NotEqual(AmoEndpoint.PacingKey(new Uri("https://a.kommo.com/")), AmoEndpoint.PacingKey(new Uri("https://a.amocrm.ru/")));
            Assert.NotEqual(AmoEndpoint.PacingKey(new Uri("http://127.0.0.1:1/")), AmoEndpoint.PacingKey(new Uri("http://127.0.0.1:2/")));
        }

        [Fact]
        public void JwtClaimsAreReadWithoutTheSignature()
        {
            string token = "eyJ0eXAiOiJKV1QifQ." + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("{\"exp\":1740830400,\"api_domain\":\"api-b.amocrm.ru\"}")).TrimEnd('=').Replace('+', '-').Replace('/', '_') + ".c2ln";
            using Secret secret = Secret.FromString(token);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1740830400), JwtClaims.ExpiresAt(secret));
            Assert.Equal("api-b.amocrm.ru", JwtClaims.ApiDomain(secret));
            using Secret plain = Secret.FromString("amowidget-test-token");
            Assert.Null(JwtClaims.ExpiresAt(plain));
            Assert.Contains("2025-03-01 12:00:00 UTC", new StaticTokenSource(secret).ExplainRejection(secret));
        }

        [Fact]
        public void WidgetFieldsAreReadLeniently()
        {
            JToken json = ApiJson.Parse("{\"id\":\"742\",\"code\":\"w\",\"rating\":2.8,\"pipeline_id\":null,\"is_lead_source\":\"Y\",\"settings\":[],\"settings_template\":{\"a\":{\"key\":\"a\",\"type\":\"pass\",\"is_required\":1}}}");
            AmoWidgetInfo w = AmoApiModel.Widget(json);
            Assert.Equal(742, w.Id);
            Assert.Equal("2.8", w.Rating);
            Assert.Null(w.PipelineId);
            Assert.True(w.IsLeadSource);
            Assert.Empty(w.Settings!);
            Assert.True(Assert.Single(w.SettingsTemplate).IsRequired);
        }

        [Fact]
        public void PassSettingsBecomeSecureStrings()
        {
            AmoWidgetInfo w = AmoApiModel.Widget(ApiJson.Parse("{\"code\":\"w\",\"rating\":\"2,8\",\"settings_template\":[{\"key\":\"p\",\"type\":\"pass\"}],\"settings\":{\"p\":\"hunter2\",\"t\":\"x\"}}"));
            Assert.Equal("2,8", w.Rating);
            Assert.IsType<System.Security.SecureString>(w.Settings!["p"]);
            Assert.Equal("x", w.Settings["t"]);
        }

        [Fact]
        public void ProblemBodiesMapToErrorIdsAndCategories()
        {
            Assert.Equal(AmoErrorKind.AuthenticationError, ApiErrors.FromResponse("GET", "u", 401, "application/problem+json", "{\"title\":\"Unauthorized\"}", null).Kind);
            Assert.Equal(ErrorIds.AmoApiPaymentRequired, ApiErrors.FromResponse("GET", "u", 402, null, null, null).ErrorId);
            Assert.Equal(ErrorIds.AmoApiMethodNotAllowed, ApiErrors.FromResponse("GET", "u", 405, null, null, null).ErrorId);
            Assert.Equal(ErrorIds.AmoApiValidationFailed, ApiErrors.FromResponse("POST", "u", 422, null, "{\"detail\":\"Limit 250 per page\"}", null).ErrorId);
            Assert.Equal(ErrorIds.AmoApiBadRequest, ApiErrors.FromResponse("POST", "u", 400, null, "{\"detail\":\"Request data can not be empty\"}", null).ErrorId);
            Assert.Equal(ErrorIds.AmoApiRequestFailed, ApiErrors.FromResponse("GET", "u", 418, null, "teapot", null).ErrorId);
            Assert.Equal(ErrorIds.AmoApiBlocked, ApiErrors.FromResponse("GET", "u", 403, "text/html", "<html><head><title>403 Forbidden</title></head></html>", null).ErrorId);
            Assert.Equal(ErrorIds.AmoApiForbidden, ApiErrors.FromResponse("GET", "u", 403, "application/problem+json", "{\"title\":\"Forbidden\"}", null).ErrorId);
            AmoException html = ApiErrors.FromResponse("GET", "u", 429, "text/html", "<html><head><title>429 Too Many Requests</title></head></html>", null);
            Assert.Equal(ErrorIds.AmoApiRateLimited, html.ErrorId);
            Assert.Contains("HTML page", html.Message);
        }

        [Theory]
        [InlineData(302, "https://www.amocrm.ru/?auth=1", "302 Found, redirected to https://www.amocrm.ru/?auth=1", "deactivated or removed")]
        [InlineData(301, "https://www.kommo.com/login/", "301 Moved Permanently, redirected to https://www.kommo.com/login/", "deactivated or removed")]
        [InlineData(307, "https://example.kommo.com/api/v4/widgets", "307 Temporary Redirect, redirected to https://example.kommo.com/api/v4/widgets", "-Platform AmoCrmRu for a Kommo account")]
        [InlineData(308, "https://127.0.0.1:5123/api/v4/widgets", "308 Permanent Redirect, redirected to https://127.0.0.1:5123/api/v4/widgets", "-BaseUri https://127.0.0.1:5123")]
        [InlineData(303, "/elsewhere", "303 See Other, redirected to http://127.0.0.1:5123/elsewhere", "an http address redirected to https")]
        [InlineData(300, null, "300 Multiple Choices without a Location header", "deactivated or removed")]
        public void ARedirectIsAmoApiRedirectedNamingStatusLocationAndMeaning(int status, string? location, string names, string means)
        {
            AmoException ex = ApiErrors.Redirected("GET", "http://127.0.0.1:5123/api/v4/widgets", status, location, "t");
            Assert.Equal(ErrorIds.AmoApiRedirected, ex.ErrorId);
            Assert.Equal(AmoErrorKind.ConnectionError, ex.Kind);
            Assert.Equal("t", ex.Target);
            Assert.Contains(names, ex.Message);
            Assert.Contains(means, ex.Message);
            Assert.Contains("not followed", ex.Message);
            Assert.False(string.IsNullOrEmpty(ex.RecommendedAction));
        }

        [Fact]
        public void ARedirectsLocationIsShownWithoutUserInfoOrControlCharacters()
        {
            AmoException secret = ApiErrors.Redirected("GET", "https://example.amocrm.ru/api/v4/account", 302, "https://user:hunter2@evil.example/x", null);
            Assert.DoesNotContain("hunter2", secret.Message);
            Assert.Contains("https://***@evil.example/x", secret.Message);
            Assert.Contains("evil.example is another host", secret.Message);
            AmoException control = ApiErrors.Redirected("GET", "https://example.amocrm.ru/api/v4/account", 302, "mailto:x\n::error ::forged", null);
            Assert.DoesNotContain("\n", control.Message);
            Assert.Contains("\\u000a::error", control.Message);
            AmoException longOne = ApiErrors.Redirected("GET", "https://example.amocrm.ru/api/v4/account", 302, "https://www.amocrm.ru/?q=" + new string('a', 5000), null);
            Assert.True(longOne.Message.Length < 1500, longOne.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        [Fact]
        public void RetryAfterComesFromTheHeaderOrTheBody()
        {
            Assert.Equal(TimeSpan.FromSeconds(3), ApiErrors.RetryAfter("3", null));
            Assert.Equal(TimeSpan.FromSeconds(300), ApiErrors.RetryAfter(null, "{\"retry_after\":300}"));
            Assert.Null(ApiErrors.RetryAfter(null, "<html/>"));
        }

        [Fact]
        public void TheFirstPageAsksFor250()
        {
            Assert.Equal("api/v4/widgets?limit=250&page=1", AmoApiClient.FirstPage("api/v4/widgets"));
            Assert.Equal("api/v4/leads?limit=50&page=1", AmoApiClient.FirstPage("api/v4/leads?limit=50"));
        }

        [Fact]
        public void UsersLpValuesAreShapedAsLoginAndPassword()
        {
            var template = new[] { new AmoWidgetSettingField { Key = "accounts", Type = "users_lp", IsRequired = true } };
            var settings = new System.Collections.Hashtable
            {
                ["accounts"] = new System.Collections.Hashtable { ["42"] = new System.Collections.Hashtable { ["Login"] = "l", ["Password"] = "p" } },
            };
            JObject body = WidgetSettings.Build("w", template, settings);
            Assert.Equal("l", (string?)body["accounts"]!["42"]!["login"]);
            Assert.Equal("p", (string?)body["accounts"]!["42"]!["password"]);
            var bad = new System.Collections.Hashtable { ["accounts"] = new System.Collections.Hashtable { ["bob"] = "x" } };
            Assert.Equal(ErrorIds.AmoWidgetSettingInvalid, Assert.Throws<AmoException>(() => WidgetSettings.Build("w", template, bad)).ErrorId);
        }
    }
}
