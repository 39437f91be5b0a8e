'use strict';
// A compiled MikroORM migration (what `mikro-orm migration:create` + tsc produce):
// one exported class extending Migration. It runs in the tenant's schema, like the
// SQL files; this.config.get('schema') names that schema when a name must be qualified.
Object.defineProperty(exports, '__esModule', { value: true });
exports.Migration003CreateNoteTags = void 0;
const { Migration } = require('@mikro-orm/migrations');

class Migration003CreateNoteTags extends Migration {
  async up() {
    this.addSql(`create table note_tags (
      note_id bigint not null references notes(id) on delete cascade,
      tag text not null,
      primary key (note_id, tag))`);
  }

  async down() {
    this.addSql('drop table if exists note_tags');
  }
}
exports.Migration003CreateNoteTags = Migration003CreateNoteTags;
