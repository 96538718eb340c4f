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
            Assert.Equal(AmoApiErrorIds.SubdomainInvalid, ex.ErrorId);
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
            Assert.Equal(AmoApiErrorIds.BaseUriInsecure, ex.ErrorId);
            Assert.Equal(AmoErrorKind.SecurityError, ex.Kind);
            Assert.Equal(AmoApiErrorIds.BaseUriInvalid, Assert.Throws<AmoException>(() => AmoEndpoint.FromBaseUri(new Uri("https://u:p@example.com/api"))).ErrorId);
        }

        [Fact]
        public void ANextLinkToAnotherHostIsRefused()
        {
            var baseUri = new Uri("https://example.amocrm.ru/");
            Assert.Equal("api/v4/widgets?page=2", AmoEndpoint.ToRelative(baseUri, "https://example.amocrm.ru/api/v4/widgets?page=2"));
            Assert.Equal(AmoApiErrorIds.PathInvalid, Assert.Throws<AmoException>(() => AmoEndpoint.ToRelative(baseUri, "https://evil.example/api/v4/widgets")).ErrorId);
            Assert.Equal(AmoApiErrorIds.PathInvalid, Assert.Throws<AmoException>(() => AmoEndpoint.ToRelative(baseUri, "//evil.example/x")).ErrorId);
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
            Assert.Equal(AmoApiErrorIds.PaymentRequired, ApiErrors.FromResponse("GET", "u", 402, null, null, null).ErrorId);
            Assert.Equal(AmoApiErrorIds.MethodNotAllowed, ApiErrors.FromResponse("GET", "u", 405, null, null, null).ErrorId);
            Assert.Equal(AmoApiErrorIds.ValidationFailed, ApiErrors.FromResponse("POST", "u", 422, null, "{\"detail\":\"Limit 250 per page\"}", null).ErrorId);
            Assert.Equal(AmoApiErrorIds.BadRequest, ApiErrors.FromResponse("POST", "u", 400, null, "{\"detail\":\"Request data can not be empty\"}", null).ErrorId);
            Assert.Equal(AmoApiErrorIds.RequestFailed, ApiErrors.FromResponse("GET", "u", 418, null, "teapot", null).ErrorId);
            AmoException html = ApiErrors.FromResponse("GET", "u", 429, "text/html", "<html><head><title>429 Too Many Requests</title></head></html>", null);
            Assert.Equal(AmoApiErrorIds.RateLimited, html.ErrorId);
            Assert.Contains("HTML page", html.Message);
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
            Assert.Equal(AmoApiErrorIds.WidgetSettingInvalid, Assert.Throws<AmoException>(() => WidgetSettings.Build("w", template, bad)).ErrorId);
        }
    }
}
