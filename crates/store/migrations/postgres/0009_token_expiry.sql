-- API tokens expire and can be revoked. Keep in step with ../sqlite/0009_token_expiry.sql.
-- Tokens made before this migration expire 90 days after they were made.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE api_tokens ADD COLUMN revoked_at TEXT;
UPDATE api_tokens
   SET expires_at = to_char((created_at::timestamptz + interval '90 days') AT TIME ZONE 'UTC',
                            'YYYY-MM-DD"T"HH24:MI:SS"Z"');
-- A disabled user's tokens are revoked: enabling the user again does not revive them.
UPDATE api_tokens SET revoked_at = created_at
 WHERE username IN (SELECT username FROM users WHERE disabled = 1);
