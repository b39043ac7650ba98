-- API tokens expire and can be revoked. Keep in step with ../postgres/0009_token_expiry.sql.
-- Tokens made before this migration expire 90 days after they were made.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE api_tokens ADD COLUMN revoked_at TEXT;
UPDATE api_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+90 days');
-- A disabled user's tokens are revoked: enabling the user again does not revive them.
UPDATE api_tokens SET revoked_at = created_at
 WHERE username IN (SELECT username FROM users WHERE disabled = 1);
