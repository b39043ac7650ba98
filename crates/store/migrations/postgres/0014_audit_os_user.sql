-- The operating-system user behind a command-line change of a report, next
-- to the account it acted as: the CLI's --as names an account, and this says
-- who typed it. Empty for changes made through the web or the API.
-- Keep in step with ../sqlite/0014_audit_os_user.sql.
ALTER TABLE audit_log ADD COLUMN os_user TEXT;
