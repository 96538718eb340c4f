using System;
using System.Collections;
using System.Collections.Specialized;
using System.Linq;
using System.Security;
using Newtonsoft.Json.Linq;

namespace AmoWidget.Api
{
    /// <summary>Reads API JSON into the public objects, leniently (see <see cref="ApiJson"/>).</summary>
    internal static class AmoApiModel
    {
        public static AmoWidgetInfo Widget(JToken json, string? fallbackCode = null)
        {
            if (!(json is JObject))
            {
                throw new AmoException(ErrorIds.AmoApiResponseInvalid, AmoErrorKind.ProtocolError,
                    $"The widget answer for '{fallbackCode}' is not a JSON object.", fallbackCode);
            }

            AmoWidgetSettingField[] template = ApiJson.Items(json["settings_template"]).Select(SettingField).ToArray();
            return new AmoWidgetInfo
            {
                Code = ApiJson.String(json, "code") ?? fallbackCode ?? string.Empty,
                Id = ApiJson.Long(json, "id"),
                Version = ApiJson.String(json, "version"),
                Rating = ApiJson.String(json, "rating"),
                IsLeadSource = ApiJson.Bool(json, "is_lead_source") ?? false,
                IsWorkWithDp = ApiJson.Bool(json, "is_work_with_dp") ?? false,
                IsCrmTemplate = ApiJson.Bool(json, "is_crm_template") ?? false,
                ClientUuid = ApiJson.String(json, "client_uuid"),
                IsActiveInAccount = ApiJson.Bool(json, "is_active_in_account") ?? false,
                PipelineId = ApiJson.Long(json, "pipeline_id"),
                SettingsTemplate = template,
                Settings = Settings(json["settings"], template),
            };
        }

        public static AmoPipeline Pipeline(JToken json) => new AmoPipeline
        {
            Id = ApiJson.Long(json, "id") ?? 0,
            Name = ApiJson.String(json, "name"),
            Sort = ApiJson.Long(json, "sort"),
            IsMain = ApiJson.Bool(json, "is_main") ?? false,
            IsArchive = ApiJson.Bool(json, "is_archive") ?? false,
            IsUnsortedOn = ApiJson.Bool(json, "is_unsorted_on") ?? false,
            AccountId = ApiJson.Long(json, "account_id"),
            Statuses = ApiJson.Items(json["_embedded"]?["statuses"]).Select(s => new AmoPipelineStatus
            {
                Id = ApiJson.Long(s, "id") ?? 0,
                Name = ApiJson.String(s, "name"),
                Sort = ApiJson.Long(s, "sort"),
                IsEditable = ApiJson.Bool(s, "is_editable") ?? false,
                PipelineId = ApiJson.Long(s, "pipeline_id"),
                Color = ApiJson.String(s, "color"),
                Type = (int?)ApiJson.Long(s, "type"),
            }).ToArray(),
        };

        public static AmoAccountInfo Account(JToken json, Uri baseUri) => new AmoAccountInfo
        {
            Id = ApiJson.Long(json, "id") ?? 0,
            Name = ApiJson.String(json, "name"),
            Subdomain = ApiJson.String(json, "subdomain"),
            CurrentUserId = ApiJson.Long(json, "current_user_id"),
            Country = ApiJson.String(json, "country"),
            Currency = ApiJson.String(json, "currency"),
            CustomersMode = ApiJson.String(json, "customers_mode"),
            IsUnsortedOn = ApiJson.Bool(json, "is_unsorted_on"),
            IsTechnicalAccount = ApiJson.Bool(json, "is_technical_account"),
            BaseUri = baseUri,
        };

        private static AmoWidgetSettingField SettingField(JToken json) => new AmoWidgetSettingField
        {
            Key = ApiJson.String(json, "key") ?? string.Empty,
            Name = ApiJson.String(json, "name"),
            Type = ApiJson.String(json, "type"),
            IsRequired = ApiJson.Bool(json, "is_required") ?? false,
        };

        /// <summary>settings arrive as an object, or as [] when empty; pass fields become SecureStrings.</summary>
        private static IDictionary? Settings(JToken? json, AmoWidgetSettingField[] template)
        {
            if (json == null || json.Type == JTokenType.Null)
            {
                return null;
            }

            var result = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            if (json is JArray array)
            {
                for (int i = 0; i < array.Count; i++)
                {
                    result[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = ApiJson.ToPlain(array[i]);
                }

                return result;
            }

            if (json is JObject obj)
            {
                foreach (JProperty p in obj.Properties())
                {
                    bool secret = template.Any(f => f.Key == p.Name && f.Type == "pass");
                    object? value = ApiJson.ToPlain(p.Value);
                    result[p.Name] = secret && value is string s ? ToSecure(s) : value;
                }

                return result;
            }

            result["value"] = ApiJson.ToPlain(json);
            return result;
        }

        private static SecureString ToSecure(string text)
        {
            var secure = new SecureString();
            foreach (char c in text)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }
    }
}
