-- Panel rows follow the panel shapes of their page document: collab-server creates a row
-- when a panel shape appears and soft-deletes it when the shape goes, so undoing the delete
-- brings the same row back with its versions and generations. Live panels: deleted_at is null.
alter table panels add column deleted_at timestamptz;
create index idx_panels_page_live on panels(page_id, position) where deleted_at is null;
