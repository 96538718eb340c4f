<?php
// A widget back end written the way PHP back ends of amoCRM/Kommo widgets are: it reads the platform's form posts from
// $_POST (bracket keys arrive as arrays: $_POST['data']['lead']), falls back to a JSON body, and checks each token the
// way the official SDK does (https://github.com/amocrm/amocrm-api-php, src/AmoCRM/OAuth/AmoCRMOAuth.php:
// parseDisposableToken, parseBotDisposableToken): the HMAC signature with the client secret, the time claims, and aud
// equal to scheme://host of the integration's redirect URI, no port. Run by the Pester tests with PHP's built-in
// server: php -S 127.0.0.1:<port> index.php, configured by environment variables:
//   AMO_CLIENT_SECRET, AMO_CLIENT_ID, AMO_REDIRECT_URI  the integration's
//   AMO_TOKEN_SCHEME        scheme of the token endpoint at the referer (https; http for a loopback test endpoint)
//   AMO_TRUSTED_TEST_HOST   a referer host trusted besides the platform's (the loopback test endpoint)
//
// The token check is written out because Debian ships no PHP JWT library and the tests install only Debian packages;
// a real back end would use the SDK or lcobucci/jwt.

declare(strict_types=1);

function respond(int $status, array $body): never
{
    http_response_code($status);
    header('Content-Type: application/json');
    echo json_encode($body, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
    exit;
}

// scheme://host, as the SDK forms the base address it compares aud with.
function base_address(string $url): string
{
    $parts = parse_url($url);
    return $parts['scheme'] . '://' . $parts['host'];
}

function base64url_decode(string $text): string
{
    $decoded = base64_decode(strtr($text, '-_', '+/'), true);
    if ($decoded === false) {
        throw new UnexpectedValueException('not base64url');
    }
    return $decoded;
}

function verify_token(string $jwt, string $algorithm, string $audience): array
{
    $parts = explode('.', $jwt);
    if (count($parts) !== 3) {
        throw new UnexpectedValueException('not a JWT');
    }
    [$head, $payload, $signature] = $parts;
    $header = json_decode(base64url_decode($head), true);
    if (($header['alg'] ?? null) !== $algorithm) {
        throw new UnexpectedValueException("alg is not $algorithm");
    }
    $expected = hash_hmac($algorithm === 'HS512' ? 'sha512' : 'sha256', "$head.$payload", getenv('AMO_CLIENT_SECRET'), true);
    if (!hash_equals($expected, base64url_decode($signature))) {
        throw new UnexpectedValueException('signature does not verify');
    }
    $claims = json_decode(base64url_decode($payload), true);
    $now = time();
    if (!isset($claims['exp'], $claims['nbf'], $claims['iat']) || $claims['exp'] <= $now || $claims['nbf'] > $now || $claims['iat'] > $now) {
        throw new UnexpectedValueException('token is not valid now');
    }
    if (($claims['aud'] ?? null) !== $audience) {
        throw new UnexpectedValueException("aud is not $audience");
    }
    // iss is the account's address on one of the platform's hosts, and names the account of the subdomain claim.
    $issuer = parse_url((string) ($claims['iss'] ?? ''));
    if (($issuer['scheme'] ?? '') !== 'https' || !preg_match('/^([a-z0-9-]+)\.(amocrm\.ru|amocrm\.com|kommo\.com)$/', $issuer['host'] ?? '', $m) || $m[1] !== ($claims['subdomain'] ?? null)) {
        throw new UnexpectedValueException('iss is not the account of the subdomain claim');
    }
    return $claims;
}

// The form as PHP parsed it, else the JSON body.
function request_fields(): array
{
    if ($_POST) {
        return $_POST;
    }
    $json = json_decode((string) file_get_contents('php://input'), true);
    return is_array($json) ? $json : [];
}

$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$audience = base_address((string) getenv('AMO_REDIRECT_URI'));

if ($path === '/salesbot' && $_SERVER['REQUEST_METHOD'] === 'POST') {
    $fields = request_fields();
    try {
        $claims = verify_token((string) ($fields['token'] ?? ''), 'HS512', $audience);
    } catch (UnexpectedValueException $e) {
        respond(403, ['error' => $e->getMessage()]);
    }
    // The SDK maps entity_type with a loose comparison: "2" and 2 are both leads.
    $entity = match ((string) $claims['entity_type']) { '2' => 'leads', '1' => 'contacts', '12' => 'customers', default => null };
    if ($entity === null || !is_array($fields['data'] ?? null) || !isset($fields['return_url'])) {
        respond(400, ['error' => 'entity_type, data or return_url missing']);
    }
    respond(200, ['ok' => true, 'entity' => $entity, 'subdomain' => $claims['subdomain'], 'data' => $fields['data'], 'return_url' => $fields['return_url']]);
}

if ($path === '/sms' && $_SERVER['REQUEST_METHOD'] === 'POST') {
    $fields = request_fields();
    try {
        $claims = verify_token((string) ($fields['token'] ?? ''), 'HS256', $audience);
    } catch (UnexpectedValueException $e) {
        respond(403, ['error' => $e->getMessage()]);
    }
    respond(200, ['ok' => true, 'subdomain' => $claims['subdomain'], 'phone' => $fields['phone'] ?? null, 'text' => $fields['text'] ?? null]);
}

// The Digital Pipeline widget hook: unsigned, read as PHP receivers read it ($_POST['event']['data']['id']).
if ($path === '/dp' && $_SERVER['REQUEST_METHOD'] === 'POST') {
    $fields = request_fields();
    $event = $fields['event'] ?? null;
    if (!isset($event['type_code'], $event['data']['id'], $fields['account_id'], $fields['subdomain'])) {
        respond(400, ['error' => 'event.type_code, event.data.id, account_id or subdomain missing']);
    }
    $settings = $fields['action']['settings']['widget']['settings'] ?? [];
    respond(200, ['ok' => true, 'type_code' => $event['type_code'], 'lead' => $event['data']['id'], 'account_id' => $fields['account_id'], 'settings' => $settings]);
}

// The install webhook at the redirect URI, handled as the SDK's example does (examples/get_token.php): a widget
// install (from_widget) has no browser session, so no state check; the account's host is the referer.
if ($path === parse_url((string) getenv('AMO_REDIRECT_URI'), PHP_URL_PATH) && $_SERVER['REQUEST_METHOD'] === 'GET') {
    if (!isset($_GET['code'], $_GET['referer'])) {
        respond(400, ['error' => 'code or referer missing']);
    }
    if (!isset($_GET['from_widget'])) {
        respond(400, ['error' => 'not a widget install: a consent-button redirect needs the state check']);
    }
    // The webhook is unsigned: never send the client secret to a host that is not the platform's.
    $referer = (string) $_GET['referer'];
    $host = (string) parse_url('//' . $referer, PHP_URL_HOST);
    if (!preg_match('/\.(amocrm\.ru|amocrm\.com|kommo\.com)$/', $host) && $host !== getenv('AMO_TRUSTED_TEST_HOST')) {
        respond(400, ['error' => "referer $referer is not an account host"]);
    }
    $context = stream_context_create(['http' => [
        'method' => 'POST',
        'header' => "Content-Type: application/json\r\n",
        'content' => json_encode([
            'client_id' => getenv('AMO_CLIENT_ID'),
            'client_secret' => getenv('AMO_CLIENT_SECRET'),
            'grant_type' => 'authorization_code',
            'code' => $_GET['code'],
            'redirect_uri' => getenv('AMO_REDIRECT_URI'),
        ]),
        'ignore_errors' => true,
        'timeout' => 2,
    ]]);
    $answer = @file_get_contents((getenv('AMO_TOKEN_SCHEME') ?: 'https') . "://$referer/oauth2/access_token", false, $context);
    $token = is_string($answer) ? json_decode($answer, true) : null;
    if (!isset($token['access_token'], $token['refresh_token'])) {
        respond(502, ['error' => 'the code exchange failed']);
    }
    respond(200, ['ok' => true, 'referer' => $referer, 'token_type' => $token['token_type'] ?? null]);
}

respond(404, ['error' => 'not found']);
