using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ManifestObject = AmoWidget.Json.JsonObject;
using ManifestProperty = AmoWidget.Json.JsonProperty;
using ManifestValue = AmoWidget.Json.JsonValue;

namespace AmoWidget.Hooks
{
    /// <summary>
    /// One value a simulator sends. A secret one is shown as <c>***</c> in the result; a structured one whose parts are
    /// secret (a SecureString or PSCredential inside a hashtable) is sent with them revealed and shown with them masked.
    /// </summary>
    public sealed class AmoHookField
    {
        /// <summary>What a secret is shown as.</summary>
        public const string Mask = "***";

        public AmoHookField(string key, string value, bool secret = false)
        {
            Key = key;
            Value = value;
            Secret = secret;
            Shown = secret ? Mask : value;
        }

        /// <summary>A value sent as <paramref name="value"/> and shown as <paramref name="shown"/>, its secret parts masked.</summary>
        public AmoHookField(string key, string value, string shown)
        {
            Key = key;
            Value = value;
            Shown = shown;
        }

        public string Key { get; }

        /// <summary>The value sent.</summary>
        public string Value { get; }

        /// <summary>The whole value is a secret.</summary>
        public bool Secret { get; }

        /// <summary>The value as the result shows it: <see cref="Mask"/> for a secret, the secret parts masked in a structured value.</summary>
        public string Shown { get; }

        /// <summary>The same value, marked secret as a whole when <paramref name="secret"/>.</summary>
        internal AmoHookField AsSecret(bool secret) => secret && !Secret ? new AmoHookField(Key, Value, secret: true) : this;
    }

    /// <summary>A request body ready to send: its bytes, the text shown (secrets masked), and the token claims if signed.</summary>
    public sealed class AmoHookPayload
    {
        internal AmoHookPayload(string kind, string contentType, byte[] body, string shownBody, IReadOnlyDictionary<string, object>? claims, OrderedDictionary? fields = null)
        {
            Kind = kind;
            ContentType = contentType;
            Body = body;
            ShownBody = shownBody;
            Claims = claims;
            Fields = fields;
        }

        /// <summary>A form body's fields, decoded, in the order sent, secrets masked; null for JSON.</summary>
        public OrderedDictionary? Fields { get; }

        public string Kind { get; }

        public string ContentType { get; }

        public byte[] Body { get; }

        public string ShownBody { get; }

        public IReadOnlyDictionary<string, object>? Claims { get; }

        /// <summary>The Content-Type header sent: JSON names its charset, a form does not (as browsers and PHP send it).</summary>
        public string SentContentType => ContentType == FormType ? ContentType : ContentType + "; charset=utf-8";

        /// <summary>The request as a file (-SaveRequest): the same format as the recorder's, so either replays.</summary>
        public AmoHookRecording ToRecording(Uri uri) =>
            new AmoHookRecording("POST", uri.PathAndQuery, new[] { new KeyValuePair<string, string>("Host", uri.Authority), new KeyValuePair<string, string>("Content-Type", SentContentType) }, Body) { Kind = Kind };

        internal const string FormType = "application/x-www-form-urlencoded";
        internal const string JsonType = "application/json";

        /// <summary>application/x-www-form-urlencoded as browsers and PHP write it (brackets percent-encoded, space as '+').</summary>
        internal static AmoHookPayload Form(string kind, IReadOnlyList<AmoHookField> fields, IReadOnlyDictionary<string, object>? claims = null)
        {
            string Encode(IEnumerable<KeyValuePair<string, string>> pairs)
            {
                using var content = new FormUrlEncodedContent(pairs);
                return content.ReadAsStringAsync().GetAwaiter().GetResult();
            }

            string body = Encode(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));
            // The mask is shown as written, not percent-encoded, so "***" reads the same in Body as in Fields.
            string encodedMask = Encode(new[] { new KeyValuePair<string, string>(string.Empty, AmoHookField.Mask) }).Substring(1);
            string shown = string.Join("&", fields.Select(f => Encode(new[] { new KeyValuePair<string, string>(f.Key, f.Shown) }).Replace(encodedMask, AmoHookField.Mask)));
            var decoded = new OrderedDictionary(StringComparer.Ordinal);
            foreach (AmoHookField field in fields)
            {
                decoded[field.Key] = field.Shown;
            }

            return new AmoHookPayload(kind, FormType, Encoding.ASCII.GetBytes(body), shown, claims, decoded);
        }

        internal static AmoHookPayload Json(string kind, JObject body, JObject shown, IReadOnlyDictionary<string, object>? claims = null) =>
            new AmoHookPayload(kind, JsonType, new UTF8Encoding(false).GetBytes(body.ToString(Formatting.None)), shown.ToString(Formatting.None), claims);
    }

    /// <summary>
    /// The Digital Pipeline widget webhook amoCRM posts to <c>dp.webhook_url</c>
    /// (https://www.amocrm.ru/developers/content/digital_pipeline/integrations): event type and code, the entity, its
    /// stage and pipeline, the direction of movement (leads only), the time, the action's saved settings, the
    /// account's subdomain and id. No signature: the page documents none for this hook.
    /// </summary>
    public sealed class AmoDpWebhook
    {
        /// <summary>event.type_code → event.type (the table of https://www.amocrm.ru/developers/content/digital_pipeline/integrations).</summary>
        public static readonly IReadOnlyDictionary<string, int> EventTypes = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["lead_added"] = 1,
            ["lead_status_changed"] = 14,
            ["lead_appeared_in_status"] = 15,
            ["mail_in"] = 16,
            ["call_in"] = 17,
            ["site_visit"] = 18,
            ["chat"] = 19,
            ["customer_added"] = 20,
            ["customer_period_changed"] = 21,
            ["customer_appeared_in_period"] = 22,
        };

        public string EventType { get; set; } = "lead_status_changed";

        public long LeadId { get; set; } = 1;

        public long StatusId { get; set; } = 1;

        public long PipelineId { get; set; } = 1;

        /// <summary>went_to_trigger, went_in_trigger or went_from_trigger; null: went_in_trigger for lead_appeared_in_status, else went_to_trigger.</summary>
        public string? Direction { get; set; }

        public IReadOnlyList<AmoHookField> Settings { get; set; } = Array.Empty<AmoHookField>();

        public string Subdomain { get; set; } = "example";

        public long AccountId { get; set; } = 1;

        public DateTimeOffset Time { get; set; } = DateTimeOffset.UtcNow;

        public bool Json { get; set; }

        /// <summary>event.data.element_type: 12 for the customer events, 2 for the others (https://www.amocrm.ru/developers/content/digital_pipeline/integrations).</summary>
        public int ElementType => EventType.StartsWith("customer_", StringComparison.Ordinal) ? 12 : 2;

        public AmoHookPayload Build()
        {
            if (!EventTypes.TryGetValue(EventType, out int type))
            {
                throw new AmoException(ErrorIds.AmoDpEventTypeUnknown, AmoErrorKind.InvalidArgument, $"'{EventType}' is not a documented event type_code ({string.Join(", ", EventTypes.Keys)}).", EventType);
            }

            bool lead = ElementType == 2;
            if (!lead && Direction != null)
            {
                throw new AmoException(ErrorIds.AmoDpDirectionNotApplicable, AmoErrorKind.InvalidArgument,
                    $"direction_of_movement is sent only for leads (element_type 2), not for {EventType}.", Direction);
            }

            string? direction = lead ? Direction ?? (EventType == "lead_appeared_in_status" ? "went_in_trigger" : "went_to_trigger") : null;
            long time = Time.ToUnixTimeSeconds();
            if (Json)
            {
                return AmoHookPayload.Json("DpWebhook", JsonBody(type, direction, time, masked: false), JsonBody(type, direction, time, masked: true));
            }

            string S(long value) => value.ToString(CultureInfo.InvariantCulture);
            var fields = new List<AmoHookField>
            {
                new AmoHookField("event[type]", S(type)),
                new AmoHookField("event[type_code]", EventType),
                new AmoHookField("event[time]", S(time)),
                new AmoHookField("event[data][id]", S(LeadId)),
                new AmoHookField("event[data][element_type]", S(ElementType)),
            };
            if (lead)
            {
                fields.Add(new AmoHookField("event[data][status_id]", S(StatusId)));
                fields.Add(new AmoHookField("event[data][pipeline_id]", S(PipelineId)));
                fields.Add(new AmoHookField("event[data][direction_of_movement]", direction!));
            }

            fields.AddRange(Settings.Select(s => new AmoHookField("action[settings][widget][settings][" + s.Key + "]", s.Value, s.Shown)));
            fields.Add(new AmoHookField("subdomain", Subdomain));
            fields.Add(new AmoHookField("account_id", S(AccountId)));
            return AmoHookPayload.Form("DpWebhook", fields);
        }

        private JObject JsonBody(int type, string? direction, long time, bool masked)
        {
            var data = new JObject { ["id"] = LeadId, ["element_type"] = ElementType };
            if (direction != null)
            {
                data["status_id"] = StatusId;
                data["pipeline_id"] = PipelineId;
                data["direction_of_movement"] = direction;
            }

            var settings = new JObject();
            foreach (AmoHookField s in Settings)
            {
                settings[s.Key] = masked ? s.Shown : s.Value;
            }

            return new JObject
            {
                ["event"] = new JObject { ["type"] = type, ["type_code"] = EventType, ["data"] = data, ["time"] = time },
                ["action"] = new JObject { ["settings"] = new JObject { ["widget"] = new JObject { ["settings"] = settings } } },
                ["subdomain"] = Subdomain,
                ["account_id"] = AccountId,
            };
        }

        /// <summary>
        /// Checks given settings against the manifest's <c>dp.settings</c>: a required key with no value is
        /// AmoDpSettingRequired (nothing is sent); a <c>pass</c> key is a secret. Returns the keys given that the
        /// manifest does not declare (the caller warns about them: the dpSettings callback may still write them).
        /// </summary>
        public static IReadOnlyList<AmoHookField> CheckSettings(AmoManifest manifest, IReadOnlyList<AmoHookField> given, out IReadOnlyList<string> undeclared)
        {
            var declared = (manifest.Root["dp"] as ManifestObject)?["settings"] as ManifestObject;
            var fields = new List<AmoHookField>();
            var missing = new List<string>();
            var known = new HashSet<string>(StringComparer.Ordinal);
            if (declared != null)
            {
                foreach (ManifestProperty property in declared.Properties)
                {
                    known.Add(property.Key);
                    var setting = property.Value as ManifestObject;
                    bool required = setting?["required"] is ManifestValue { Value: true };
                    bool pass = (setting?["type"] as ManifestValue)?.AsString() == "pass";
                    AmoHookField? value = given.FirstOrDefault(g => g.Key == property.Key);
                    if (value == null || value.Value.Length == 0)
                    {
                        if (required)
                        {
                            missing.Add(property.Key);
                        }

                        continue;
                    }

                    fields.Add(value.AsSecret(pass));
                }
            }

            if (missing.Count > 0)
            {
                throw new AmoException(ErrorIds.AmoDpSettingRequired, AmoErrorKind.InvalidArgument,
                    $"The manifest's dp.settings require {string.Join(", ", missing.Select(k => "'" + k + "'"))}; give {(missing.Count == 1 ? "it" : "them")} in -Settings. Nothing was sent.", missing.ToArray())
                {
                    RecommendedAction = "-Settings @{ " + string.Join("; ", missing.Select(k => k + " = '...'")) + " }",
                };
            }

            undeclared = given.Where(g => !known.Contains(g.Key)).Select(g => g.Key).ToList();
            fields.AddRange(given.Where(g => !known.Contains(g.Key)));
            return fields;
        }
    }

    /// <summary>How a signed request's body is written.</summary>
    public enum AmoHookEncoding
    {
        /// <summary>application/x-www-form-urlencoded with PHP bracket keys (<c>data[key]</c>), every value a string.</summary>
        Form,

        /// <summary>application/json, as the docs' samples print the body.</summary>
        Json,
    }

    /// <summary>Claims both signed requests carry, the token lifetime, the account's host and the body's encoding.</summary>
    public abstract class AmoSignedHook
    {
        /// <summary>Lifetime of the simulated tokens: 30 minutes, as the official SDK's example says of the disposable token (https://github.com/amocrm/amocrm-api-php, examples/parse_disposable_token.php).</summary>
        public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(30);

        public string Subdomain { get; set; } = "example";

        /// <summary>The account's host, &lt;subdomain&gt;.amocrm.ru, .amocrm.com or .kommo.com: iss and return_url are on it.</summary>
        public string AccountHost { get; set; } = "example.amocrm.ru";

        public long AccountId { get; set; } = 1;

        /// <summary>client_uuid: the integration's id. Default: a new GUID.</summary>
        public string ClientId { get; set; } = Guid.NewGuid().ToString();

        public DateTimeOffset Time { get; set; } = DateTimeOffset.UtcNow;

        /// <summary>aud; null: <see cref="AudienceOf"/> the receiver URL.</summary>
        public string? Audience { get; set; }

        public AmoHookEncoding Encoding { get; set; } = AmoHookEncoding.Form;

        /// <summary>iss: the account's address, https://&lt;account host&gt; (https://www.amocrm.ru/developers/content/oauth/disposable-tokens).</summary>
        public string Issuer => "https://" + AccountHost;

        /// <summary>
        /// scheme://host of <paramref name="uri"/>, without port or path: the "base address" the disposable-token page
        /// forms from the integration's redirect_uri (https://www.amocrm.ru/developers/content/oauth/disposable-tokens),
        /// and what the official SDK compares aud with (https://github.com/amocrm/amocrm-api-php,
        /// src/AmoCRM/OAuth/AmoCRMOAuth.php: scheme and host of the URL it is given, no port).
        /// </summary>
        public static string AudienceOf(Uri uri) => uri.Scheme + "://" + uri.Host;

        internal JObject BaseClaims(Uri receiver)
        {
            long now = Time.ToUnixTimeSeconds();
            return new JObject
            {
                ["iss"] = Issuer,
                ["aud"] = Audience ?? AudienceOf(receiver),
                ["jti"] = Guid.NewGuid().ToString(),
                ["iat"] = now,
                ["nbf"] = now,
                ["exp"] = now + (long)TokenLifetime.TotalSeconds,
                ["account_id"] = AccountId,
                ["subdomain"] = Subdomain,
                ["client_uuid"] = ClientId,
            };
        }

        internal static IReadOnlyDictionary<string, object> ToDictionary(JObject claims) =>
            claims.Properties().ToDictionary(p => p.Name, p => (object)(p.Value.Type == JTokenType.Integer ? (object)(long)p.Value : (string)p.Value!), StringComparer.Ordinal);

        internal static string RandomDigits(int count)
        {
            var bytes = new byte[count];
            using (var random = RandomNumberGenerator.Create())
            {
                random.GetBytes(bytes);
            }

            var text = new StringBuilder(count);
            text.Append((char)('1' + (bytes[0] % 9)));
            for (int i = 1; i < count; i++)
            {
                text.Append((char)('0' + (bytes[i] % 10)));
            }

            return text.ToString();
        }
    }

    /// <summary>
    /// The Salesbot <c>widget_request</c> step's POST (https://www.amocrm.ru/developers/content/digital_pipeline/salesbot):
    /// <c>token</c>, <c>data</c>, <c>return_url</c>. By default a form with PHP bracket keys (<c>data[key]</c>), as two
    /// Kommo projects recorded it live (https://github.com/credios/credios-crm, docs/KOMMO.md;
    /// https://github.com/UraceUs/Uraceagent, salesagent/docs/kommo-circuit-setup.md); as JSON on request, as the docs
    /// print it. The token is a JWT signed with HMAC-SHA512 with the integration's secret (the official SDK's
    /// parseBotDisposableToken checks HS512: https://github.com/amocrm/amocrm-api-php), claims iss, aud, jti, iat, nbf,
    /// exp, account_id, subdomain, entity_type (the numeric code as a string, "2" lead, "1" contact, "12" customer, as
    /// the live reports show it), entity_id, client_uuid, bot_type (salesbot).
    /// </summary>
    public sealed class AmoSalesbotRequest : AmoSignedHook
    {
        /// <summary>entity_type codes as the platform sends them (strings; https://github.com/credios/credios-crm docs/KOMMO.md).</summary>
        public static readonly IReadOnlyDictionary<string, string> EntityTypeCodes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["lead"] = "2",
            ["contact"] = "1",
            ["customer"] = "12",
        };

        public IReadOnlyList<AmoHookField> Data { get; set; } = Array.Empty<AmoHookField>();

        /// <summary>lead, contact or customer.</summary>
        public string EntityType { get; set; } = "lead";

        public long EntityId { get; set; } = 1;

        public string BotId { get; set; } = RandomDigits(6);

        public string ContinueId { get; set; } = RandomDigits(9);

        /// <summary>Where the continue call goes: null means the account's address, https://&lt;account host&gt;.</summary>
        public Uri? ContinueBase { get; set; }

        /// <summary>The path of the continue call, /api/v4/salesbot/&lt;bot_id&gt;/continue/&lt;continue_id&gt; (https://www.amocrm.ru/developers/content/crm_platform/widgets-api).</summary>
        public string ContinuePath => "/api/v4/salesbot/" + BotId + "/continue/" + ContinueId;

        public Uri ReturnUrl => new Uri((ContinueBase?.GetLeftPart(UriPartial.Authority) ?? Issuer) + ContinuePath);

        public AmoHookPayload Build(Uri receiver, string clientSecret)
        {
            JObject claims = BaseClaims(receiver);
            claims["entity_type"] = EntityTypeCodes.TryGetValue(EntityType, out string? code) ? code : "2";
            claims["entity_id"] = EntityId;
            claims["bot_type"] = "salesbot";
            string token = HmacJwt.Sign(claims, clientSecret, "HS512");
            if (Encoding == AmoHookEncoding.Form)
            {
                var fields = new List<AmoHookField> { new AmoHookField("token", token) };
                fields.AddRange(Data.Select(f => new AmoHookField("data[" + f.Key + "]", f.Value, f.Shown)));
                fields.Add(new AmoHookField("return_url", ReturnUrl.AbsoluteUri));
                return AmoHookPayload.Form("SalesbotRequest", fields, ToDictionary(claims));
            }

            JObject Body(bool masked)
            {
                var data = new JObject();
                foreach (AmoHookField field in Data)
                {
                    data[field.Key] = masked ? field.Shown : field.Value;
                }

                return new JObject { ["token"] = token, ["data"] = data, ["return_url"] = ReturnUrl.AbsoluteUri };
            }

            return AmoHookPayload.Json("SalesbotRequest", Body(false), Body(true), ToDictionary(claims));
        }
    }

    /// <summary>
    /// What amoCRM posts to an SMS widget's <c>sms.endpoint</c>
    /// (https://www.amocrm.ru/developers/content/integrations/system/sms): <c>text</c>, <c>phone</c> and <c>token</c>,
    /// by default as the form the page states in words (JSON on request, as its sample prints it); the token is a
    /// disposable JWT signed with HMAC-SHA256 with the integration's secret, claims iss, aud (scheme://host of the
    /// integration's redirect_uri), jti, iat, nbf, exp, account_id, user_id, client_uuid, subdomain (the disposable
    /// token of https://www.amocrm.ru/developers/content/oauth/disposable-tokens).
    /// </summary>
    public sealed class AmoSmsRequest : AmoSignedHook
    {
        public string Phone { get; set; } = "+10000000000";

        public string Text { get; set; } = "Test message from Send-AmoSmsRequest";

        public long UserId { get; set; } = 1;

        public AmoHookPayload Build(Uri receiver, string clientSecret)
        {
            JObject claims = BaseClaims(receiver);
            claims["user_id"] = UserId;
            string token = HmacJwt.Sign(claims, clientSecret, "HS256");
            if (Encoding == AmoHookEncoding.Json)
            {
                var body = new JObject { ["text"] = Text, ["phone"] = Phone, ["token"] = token };
                return AmoHookPayload.Json("SmsRequest", body, body, ToDictionary(claims));
            }

            var fields = new List<AmoHookField>
            {
                new AmoHookField("text", Text),
                new AmoHookField("phone", Phone),
                new AmoHookField("token", token),
            };
            return AmoHookPayload.Form("SmsRequest", fields, ToDictionary(claims));
        }
    }
}
