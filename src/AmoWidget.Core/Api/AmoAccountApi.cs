using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;

namespace AmoWidget.Api
{
    /// <summary>How to reach and sign in to an account: what Connect-AmoAccount binds.</summary>
    internal sealed class AmoConnectRequest
    {
        public string? Subdomain { get; set; }

        public AmoAccountPlatform Platform { get; set; } = AmoAccountPlatform.AmoCrmRu;

        public Uri? BaseUri { get; set; }

        public SecureString? AccessToken { get; set; }

        public string? ClientId { get; set; }

        public SecureString? ClientSecret { get; set; }

        public string? RedirectUri { get; set; }

        public SecureString? AuthorizationCode { get; set; }

        public SecureString? RefreshToken { get; set; }

        public string? TokenCachePath { get; set; }

        public AmoApiOptions Options { get; set; } = new AmoApiOptions();
    }

    /// <summary>The account API operations the cmdlets call: each a few requests through the connection's client.</summary>
    internal static class AmoAccountApi
    {
        public static async Task<AmoConnection> ConnectAsync(AmoConnectRequest request, CancellationToken cancellationToken)
        {
            Uri baseUri = request.BaseUri != null
                ? AmoEndpoint.FromBaseUri(request.BaseUri)
                : AmoEndpoint.FromSubdomain(request.Subdomain ?? string.Empty, request.Platform);

            ITokenSource tokens;
            OAuthTokenSource? oauth = null;
            if (request.AccessToken != null)
            {
                tokens = new StaticTokenSource(Secret.FromSecureString(request.AccessToken));
            }
            else
            {
                oauth = new OAuthTokenSource(request.ClientId ?? string.Empty, Secret.FromSecureString(request.ClientSecret ?? new SecureString()),
                    request.RedirectUri ?? string.Empty, request.TokenCachePath ?? string.Empty, request.Options.TokenLockTimeout);
                tokens = oauth;
            }

            var client = new AmoApiClient(baseUri, tokens, request.Options);
            var connection = new AmoConnection(client, request.BaseUri == null ? request.Platform : (AmoAccountPlatform?)null, oauth?.CachePath);
            try
            {
                if (oauth != null && request.AuthorizationCode != null)
                {
                    await oauth.AuthorizeAsync(Secret.FromSecureString(request.AuthorizationCode), cancellationToken).ConfigureAwait(false);
                }
                else if (oauth != null)
                {
                    await oauth.StartAsync(Secret.FromSecureString(request.RefreshToken ?? new SecureString()), cancellationToken).ConfigureAwait(false);
                }

                connection.Account = await GetAccountAsync(connection, cancellationToken).ConfigureAwait(false);
                return connection;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        public static async Task<AmoAccountInfo> GetAccountAsync(AmoConnection connection, CancellationToken cancellationToken)
        {
            AmoApiClient client = connection.Use();
            ApiResult result = await client.GetAsync("api/v4/account", cancellationToken).ConfigureAwait(false);
            return AmoApiModel.Account(Require(result, "api/v4/account"), client.BaseUri);
        }

        public static async Task<AmoWidgetInfo> GetWidgetAsync(AmoConnection connection, string code, CancellationToken cancellationToken)
        {
            ApiResult result = await connection.Use().GetAsync(WidgetPath(code), cancellationToken, code).ConfigureAwait(false);
            if (result.Json == null)
            {
                throw new AmoException(ErrorIds.AmoApiNotFound, AmoErrorKind.ObjectNotFound, $"GET {connection.BaseUri}{WidgetPath(code)}: no widget '{code}' (204).", code);
            }

            return AmoApiModel.Widget(result.Json, code);
        }

        public static async Task<(List<AmoWidgetInfo> Widgets, string? Next)> GetWidgetPageAsync(AmoConnection connection, string? next, CancellationToken cancellationToken)
        {
            AmoApiClient.Page page = await connection.Use().GetPageAsync(next ?? AmoApiClient.FirstPage("api/v4/widgets"), "widgets", cancellationToken).ConfigureAwait(false);
            return (page.Items.Select(i => AmoApiModel.Widget(i)).ToList(), page.Next);
        }

        public static async Task<string[]> GetWidgetCodesAsync(AmoConnection connection, CancellationToken cancellationToken)
        {
            string[]? known = connection.WidgetCodes;
            if (known != null)
            {
                return known;
            }

            var codes = new List<string>();
            string? next = null;
            do
            {
                (List<AmoWidgetInfo> widgets, string? following) = await GetWidgetPageAsync(connection, next, cancellationToken).ConfigureAwait(false);
                codes.AddRange(widgets.Select(w => w.Code));
                next = following;
            }
            while (next != null);

            known = codes.Distinct(StringComparer.Ordinal).OrderBy(c => c, StringComparer.Ordinal).ToArray();
            connection.WidgetCodes = known;
            return known;
        }

        public static async Task<List<AmoPipeline>> GetPipelinesAsync(AmoConnection connection, CancellationToken cancellationToken)
        {
            var pipelines = new List<AmoPipeline>();
            string? next = "api/v4/leads/pipelines";
            while (next != null)
            {
                AmoApiClient.Page page = await connection.Use().GetPageAsync(next, "pipelines", cancellationToken).ConfigureAwait(false);
                pipelines.AddRange(page.Items.Select(AmoApiModel.Pipeline));
                next = page.Next;
            }

            foreach (AmoPipeline p in pipelines)
            {
                connection.PipelineNames[p.Id] = p.Name;
            }

            connection.PipelinesLoaded = true;
            return pipelines;
        }

        public static async Task<AmoPipeline> GetPipelineAsync(AmoConnection connection, long id, CancellationToken cancellationToken)
        {
            string path = "api/v4/leads/pipelines/" + id.ToString(CultureInfo.InvariantCulture);
            ApiResult result = await connection.Use().GetAsync(path, cancellationToken, id).ConfigureAwait(false);
            AmoPipeline pipeline = AmoApiModel.Pipeline(Require(result, path, id));
            connection.PipelineNames[pipeline.Id] = pipeline.Name;
            return pipeline;
        }

        public static async Task<AmoWidgetPipeline> GetWidgetPipelineAsync(AmoConnection connection, string code, CancellationToken cancellationToken)
        {
            AmoWidgetInfo widget = await GetWidgetAsync(connection, code, cancellationToken).ConfigureAwait(false);
            long? pipelineId = widget.IsLeadSource ? widget.PipelineId : null;
            string? name = null;
            if (pipelineId != null)
            {
                name = await PipelineNameAsync(connection, pipelineId.Value, cancellationToken).ConfigureAwait(false);
                if (connection.MissingPipelines.ContainsKey(pipelineId.Value))
                {
                    ApiFeedback.Warning($"Widget '{widget.Code}' is a lead source bound to pipeline {pipelineId}, which does not exist in the account (GET api/v4/leads/pipelines/{pipelineId}: 404): the binding is broken. Bind the source to an existing pipeline in the widget's settings; PipelineId keeps {pipelineId}.");
                }
            }

            return new AmoWidgetPipeline
            {
                Code = widget.Code,
                IsLeadSource = widget.IsLeadSource,
                IsActiveInAccount = widget.IsActiveInAccount,
                PipelineId = pipelineId,
                PipelineName = name,
            };
        }

        public static async Task<AmoWidgetInfo> InstallWidgetAsync(AmoConnection connection, AmoWidgetInfo widget, JObject body, CancellationToken cancellationToken)
        {
            string path = WidgetPath(widget.Code);
            ApiResult result = await connection.Use().SendAsync("POST", path, body.ToString(Newtonsoft.Json.Formatting.None), cancellationToken, widget.Code).ConfigureAwait(false);
            connection.WidgetCodes = null;
            return result.Json == null ? widget : AmoApiModel.Widget(result.Json, widget.Code);
        }

        public static JObject BuildInstallBody(AmoWidgetInfo widget, IDictionary? settings) => WidgetSettings.Build(widget.Code, widget.SettingsTemplate, settings);

        public static async Task UninstallWidgetAsync(AmoConnection connection, string code, CancellationToken cancellationToken)
        {
            await connection.Use().SendAsync("DELETE", WidgetPath(code), null, cancellationToken, code).ConfigureAwait(false);
            connection.WidgetCodes = null;
        }

        /// <summary>Invoke-AmoRestMethod: any endpoint; the answer as plain .NET data (null for 204).</summary>
        public static async Task<object?> InvokeAsync(AmoConnection connection, string method, string path, object? body, CancellationToken cancellationToken)
        {
            string? json = body switch
            {
                null => null,
                string s => s,
                _ => ApiJson.FromPlain(body).ToString(Newtonsoft.Json.Formatting.None),
            };
            ApiResult result = await connection.Use().SendAsync(method, path, json, cancellationToken, path).ConfigureAwait(false);
            return ApiJson.ToPlain(result.Json);
        }

        /// <summary>One page for Invoke-AmoRestMethod -All: the items of its _embedded list, and the next page's path.</summary>
        public static async Task<(List<object?> Items, string? Next)> InvokePageAsync(AmoConnection connection, string path, CancellationToken cancellationToken)
        {
            AmoApiClient.Page page = await connection.Use().GetPageAsync(path, null, cancellationToken).ConfigureAwait(false);
            return (page.Items.Select(ApiJson.ToPlain).ToList(), page.Next);
        }

        /// <summary>Adds a query (keys and values escaped) to a path.</summary>
        public static string WithQuery(string path, IDictionary? query)
        {
            if (query == null || query.Count == 0)
            {
                return path;
            }

            var parts = new List<string>();
            foreach (DictionaryEntry e in query)
            {
                string key = Uri.EscapeDataString(Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                IEnumerable<object?> values = e.Value is IEnumerable list && !(e.Value is string) ? list.Cast<object?>() : new[] { e.Value };
                foreach (object? v in values)
                {
                    parts.Add(key + "=" + Uri.EscapeDataString(v is bool b ? (b ? "true" : "false") : Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty));
                }
            }

            return path + (path.Contains("?") ? "&" : "?") + string.Join("&", parts);
        }

        private static async Task<string?> PipelineNameAsync(AmoConnection connection, long id, CancellationToken cancellationToken)
        {
            if (connection.PipelineNames.TryGetValue(id, out string? name))
            {
                return name;
            }

            if (!connection.PipelinesLoaded)
            {
                await GetPipelinesAsync(connection, cancellationToken).ConfigureAwait(false);
                if (connection.PipelineNames.TryGetValue(id, out name))
                {
                    return name;
                }
            }

            try
            {
                return (await GetPipelineAsync(connection, id, cancellationToken).ConfigureAwait(false)).Name;
            }
            catch (AmoException ex) when (ex.ErrorId == ErrorIds.AmoApiNotFound || ex.ErrorId == ErrorIds.AmoApiForbidden)
            {
                // 403: the pipeline exists but this user may not see it; 404: it was deleted, and the binding is broken.
                if (ex.ErrorId == ErrorIds.AmoApiNotFound)
                {
                    connection.MissingPipelines[id] = true;
                }

                connection.PipelineNames[id] = null;
                return null;
            }
        }

        private static string WidgetPath(string code) => "api/v4/widgets/" + Uri.EscapeDataString(code.Trim());

        private static JToken Require(ApiResult result, string path, object? target = null) =>
            result.Json ?? throw new AmoException(ErrorIds.AmoApiResponseInvalid, AmoErrorKind.ProtocolError,
                $"GET {path}: the server answered {result.Status} without a body.", target ?? path);
    }
}
