using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace AmoWidget.TestServer
{
    /// <summary>A widget of the server's catalogue.</summary>
    internal sealed class TestWidget
    {
        public long Id { get; set; }

        public string Code { get; set; } = string.Empty;

        public string Version { get; set; } = "1.0.0";

        public string Rating { get; set; } = "0";

        public bool IsLeadSource { get; set; }

        public bool IsActive { get; set; }

        public long? PipelineId { get; set; }

        /// <summary>(key, name, type, required)</summary>
        public List<(string Key, string Name, string Type, bool Required)> Template { get; set; } = new List<(string, string, string, bool)>();

        public JsonObject? Settings { get; set; }
    }

    /// <summary>The documented example answers of amoCRM's API v4 (api-reference.md), and a generated catalogue around them.</summary>
    internal static class TestData
    {
        public const long MainPipeline = 3177727;
        public const long SecondPipeline = 3177730;

        /// <summary>A pipeline that was deleted: test_widget_201, a lead source, is still bound to it.</summary>
        public const long DeletedPipeline = 3177999;

        public static List<TestWidget> Widgets(int generated)
        {
            var list = new List<TestWidget>
            {
                new TestWidget { Id = 742, Code = "amo_dropbox", Version = "0.0.13", Rating = "2,8", Template = { ("conf", "custom", "custom", false) } },
                new TestWidget { Id = 796, Code = "amo_mailchimp", Version = "1.1.12", Rating = "3,4", Template = { ("api", "custom", "custom", false) } },
                new TestWidget
                {
                    Id = 972, Code = "amo_asterisk", Version = "1.1.6", Rating = "2,7",
                    Template =
                    {
                        ("login", "Логин", "text", true),
                        ("password", "Пароль", "pass", true),
                        ("phones", "Список телефонов", "users", true),
                        ("script_path", "Путь к скрипту", "text", true),
                    },
                },
            };

            // The short codes of the README's example: 'a' is a lead source bound to the main pipeline, 'b' is not a lead source.
            list.Add(new TestWidget { Id = 901, Code = "a", Version = "1.0.0", Rating = "4,5", IsLeadSource = true, IsActive = true, PipelineId = MainPipeline });
            list.Add(new TestWidget { Id = 902, Code = "b", Version = "2.1.0", Rating = "3,0", IsActive = true });

            // Every third generated widget is a lead source; most are bound to one of the two pipelines, some to none yet.
            for (int i = 1; i <= generated; i++)
            {
                bool leadSource = i % 3 == 0;
                list.Add(new TestWidget
                {
                    Id = 10000 + i,
                    Code = "test_widget_" + i.ToString("000", CultureInfo.InvariantCulture),
                    Version = "1.0." + (i % 10).ToString(CultureInfo.InvariantCulture),
                    Rating = (i % 5).ToString(CultureInfo.InvariantCulture) + ",5",
                    IsLeadSource = leadSource,
                    IsActive = i % 2 == 0,
                    PipelineId = i == 201 ? DeletedPipeline : !leadSource || i % 6 == 0 && i % 4 == 0 ? null : (i % 2 == 0 ? SecondPipeline : MainPipeline),
                });
            }

            return list;
        }

        public static JsonObject Widget(TestWidget w, string baseUri, bool withSettings)
        {
            var json = new JsonObject
            {
                ["id"] = w.Id,
                ["code"] = w.Code,
                ["version"] = w.Version,
                ["rating"] = w.Rating,
                ["settings_template"] = new JsonArray(w.Template.Select(t => (JsonNode)new JsonObject
                {
                    ["key"] = t.Key,
                    ["name"] = t.Name,
                    ["type"] = t.Type,
                    ["is_required"] = t.Required,
                }).ToArray()),
                ["is_lead_source"] = w.IsLeadSource,
                ["is_work_with_dp"] = false,
                ["is_crm_template"] = false,
                ["client_uuid"] = null,
                ["is_active_in_account"] = w.IsActive,
                ["pipeline_id"] = w.PipelineId,
            };
            if (withSettings && w.Settings != null)
            {
                json["settings"] = w.Settings.DeepClone();
            }

            json["_links"] = Self(baseUri + "api/v4/widgets/" + w.Code);
            return json;
        }

        public static JsonObject Pipeline(long id, string baseUri)
        {
            bool main = id == MainPipeline;
            string name = main ? "Воронка" : "Партнёры";
            long[] ids = main ? new long[] { 32392156, 32392159, 32392165, 142, 143 } : new long[] { 32392170, 32392173, 142, 143 };
            string[] names = main
                ? new[] { "Неразобранное", "Первичный контакт", "Принимают решение", "Успешно реализовано", "Закрыто и не реализовано" }
                : new[] { "Неразобранное", "Переговоры", "Успешно реализовано", "Закрыто и не реализовано" };
            string[] colors = main ? new[] { "#c1c1c1", "#99ccff", "#ffcc66", "#CCFF66", "#D5D8DB" } : new[] { "#c1c1c1", "#99ccff", "#CCFF66", "#D5D8DB" };
            var statuses = new JsonArray();
            for (int i = 0; i < ids.Length; i++)
            {
                statuses.Add(new JsonObject
                {
                    ["id"] = ids[i],
                    ["name"] = names[i],
                    ["sort"] = ids[i] == 142 ? 10000 : ids[i] == 143 ? 11000 : (i + 1) * 10,
                    ["is_editable"] = i != 0 && ids[i] != 142 && ids[i] != 143,
                    ["pipeline_id"] = id,
                    ["color"] = colors[i],
                    ["type"] = i == 0 ? 1 : 0,
                    ["account_id"] = 12345678,
                    ["_links"] = Self(baseUri + "api/v4/leads/pipelines/" + id + "/statuses/" + ids[i]),
                });
            }

            return new JsonObject
            {
                ["id"] = id,
                ["name"] = name,
                ["sort"] = main ? 1 : 2,
                ["is_main"] = main,
                ["is_unsorted_on"] = true,
                ["is_archive"] = false,
                ["account_id"] = 12345678,
                ["_links"] = Self(baseUri + "api/v4/leads/pipelines/" + id),
                ["_embedded"] = new JsonObject { ["statuses"] = statuses },
            };
        }

        /// <summary>How many leads the account has: three pages of the default 50, the last one short.</summary>
        public const int LeadCount = 120;

        /// <summary>
        /// Lead number <paramref name="index"/> (0-based) with the fields of the lead list's answer
        /// (https://developers.kommo.com/reference/leads-list), in the pipelines and statuses of <see cref="Pipeline"/>.
        /// </summary>
        public static JsonObject Lead(int index, string baseUri)
        {
            long id = 3000001 + index;
            bool main = index % 3 != 2;
            long[] statuses = main ? new long[] { 32392156, 32392159, 32392165, 142, 143 } : new long[] { 32392170, 32392173, 142, 143 };
            long status = statuses[index % statuses.Length];
            long created = 1739794993 + (index * 3600L);
            return new JsonObject
            {
                ["id"] = id,
                ["name"] = "Сделка #" + id.ToString(CultureInfo.InvariantCulture),
                ["price"] = (index % 7) * 1500,
                ["responsible_user_id"] = 504141,
                ["group_id"] = 0,
                ["status_id"] = status,
                ["pipeline_id"] = main ? MainPipeline : SecondPipeline,
                ["loss_reason_id"] = null,
                ["created_by"] = 504141,
                ["updated_by"] = 504141,
                ["created_at"] = created,
                ["updated_at"] = created + 60,
                ["closed_at"] = status == 142 || status == 143 ? created + 86400 : null,
                ["closest_task_at"] = null,
                ["is_deleted"] = false,
                ["custom_fields_values"] = null,
                ["score"] = null,
                ["account_id"] = 12345678,
                ["labor_cost"] = null,
                ["_links"] = Self(baseUri + "api/v4/leads/" + id.ToString(CultureInfo.InvariantCulture)),
                ["_embedded"] = new JsonObject { ["tags"] = new JsonArray(), ["companies"] = new JsonArray() },
            };
        }

        public static JsonObject Account(string baseUri, string subdomain) => new JsonObject
        {
            ["id"] = 12345678,
            ["name"] = "example",
            ["subdomain"] = subdomain,
            ["created_at"] = 1739794993,
            ["created_by"] = 0,
            ["updated_at"] = 17234645,
            ["updated_by"] = 0,
            ["current_user_id"] = 581651,
            ["country"] = "RU",
            ["currency"] = "RUB",
            ["currency_symbol"] = "₽",
            ["customers_mode"] = "segments",
            ["is_unsorted_on"] = true,
            ["is_loss_reason_enabled"] = true,
            ["is_helpbot_enabled"] = false,
            ["is_technical_account"] = false,
            ["contact_name_display_order"] = 1,
            ["_links"] = Self(baseUri + "api/v4/account"),
        };

        public static string Problem(int status, string title, string detail) =>
            new JsonObject { ["title"] = title, ["type"] = "https://httpstatus.es/" + status, ["status"] = status, ["detail"] = detail }.ToJsonString();

        public static string TooManyRequests(int? retryAfter)
        {
            var json = new JsonObject
            {
                ["title"] = "Too Many Requests",
                ["type"] = "https://httpstatus.es/429",
                ["status"] = 429,
                ["detail"] = "You have sent too many requests in a given amount of time. Please try again later.",
            };
            if (retryAfter != null)
            {
                json["retry_after"] = retryAfter;
            }

            return json.ToJsonString();
        }

        public static string ValidationFailed(IEnumerable<(string Path, string Code, string Detail)> errors) => new JsonObject
        {
            ["validation-errors"] = new JsonArray(new JsonObject
            {
                ["request_id"] = "0",
                ["errors"] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject { ["code"] = e.Code, ["path"] = e.Path, ["detail"] = e.Detail }).ToArray()),
            }),
            ["title"] = "Bad Request",
            ["type"] = "https://httpstatus.es/400",
            ["status"] = 400,
            ["detail"] = "Request validation failed",
        }.ToJsonString();

        public static string OAuthProblem(string hint, int status = 401) => new JsonObject
        {
            ["hint"] = hint,
            ["title"] = "Некорректный запрос",
            ["type"] = "https://developers.amocrm.ru/v3/errors/OAuthProblemJson",
            ["status"] = status,
            ["detail"] = "В запросе отсутствует ряд параметров или параметры невалидны",
        }.ToJsonString();

        public static string TokenResponse(string access, string refresh, int expiresIn) => new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = expiresIn,
            ["server_time"] = System.DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["access_token"] = access,
            ["refresh_token"] = refresh,
        }.ToJsonString();

        /// <summary>The answer of GET /oauth2/account/current/subdomain (dp-salesbot-devloop.md §3.1), with the test server's host as domain.</summary>
        public static string AccountDomain(string subdomain, string host) => new JsonObject
        {
            ["id"] = 12345678,
            ["subdomain"] = subdomain,
            ["domain"] = host,
            ["top_level_domain"] = "ru",
        }.ToJsonString();

        /// <summary>
        /// An OAuth access token shaped like amoCRM's, a JWT with the claims seen in a real one (api-reference.md §1):
        /// exp, and api_domain naming the host that answers the subdomain lookup. Its signature is random: the server
        /// knows its tokens by value.
        /// </summary>
        public static string AccessTokenJwt(string clientId, string apiDomain, System.DateTimeOffset expires, string id)
        {
            long now = System.DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var payload = new JsonObject
            {
                ["aud"] = clientId,
                ["jti"] = id,
                ["iat"] = now,
                ["nbf"] = now,
                ["exp"] = expires.ToUnixTimeSeconds(),
                ["sub"] = "581651",
                ["grant_type"] = "",
                ["account_id"] = 12345678,
                ["base_domain"] = "amocrm.ru",
                ["version"] = 2,
                ["scopes"] = new JsonArray("crm", "files", "files_delete", "notifications", "push_notifications"),
                ["api_domain"] = apiDomain,
            };
            return Jwt(payload, id);
        }

        /// <summary>header.payload.signature, each base64url, the signature made of <paramref name="signature"/>'s bytes.</summary>
        public static string Jwt(JsonObject payload, string signature) =>
            Base64Url(new JsonObject { ["typ"] = "JWT", ["alg"] = "RS256" }.ToJsonString()) + "." + Base64Url(payload.ToJsonString()) + "." + Base64Url(signature);

        private static string Base64Url(string text) =>
            System.Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static string Html(int status, string title) =>
            $"<html>\r\n<head><title>{status} {title}</title></head>\r\n<body>\r\n<center><h1>{status} {title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

        public static JsonObject Self(string href) => new JsonObject { ["self"] = new JsonObject { ["href"] = href } };
    }
}
