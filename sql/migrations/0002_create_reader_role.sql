-- A read-only role for analysts' ad hoc SQL. Roles are cluster-wide, so create it only once.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'irwatch_reader') then
        create role irwatch_reader login nosuperuser nocreatedb nocreaterole;
        -- belt and braces: even a grant made by mistake cannot be used to write
        alter role irwatch_reader set default_transaction_read_only = on;
    end if;
end
$$;

grant usage on schema public to irwatch_reader;
grant select on all tables in schema public to irwatch_reader;
alter default privileges in schema public grant select on tables to irwatch_reader;
