import { Column, columnArrays, replaceAllBut, unnestInsert, unnestSelect } from './unnest';

interface Row {
  id: string;
  size: number | null;
}
const COLUMNS: Column<Row>[] = [
  { name: 'id', type: 'text', value: (r) => r.id },
  { name: 'size', type: 'integer', value: (r) => r.size },
];

describe('unnest statements', () => {
  it('take one array parameter per column, whatever the number of rows', () =>
    expect(unnestInsert('"s"."t"', COLUMNS)).toBe(
      'insert into "s"."t" ("id", "size") select * from unnest($1::text[], $2::integer[]) as input("id", "size")',
    ));

  it('give the row position as "ordinality" when asked', () =>
    expect(unnestSelect(COLUMNS, { ordinality: true })).toBe(
      'select * from unnest($1::text[], $2::integer[]) with ordinality as input("id", "size", "ordinality")',
    ));

  it('number their parameters from where the statement needs', () =>
    expect(unnestSelect(COLUMNS, { firstParameter: 5 })).toBe(
      'select * from unnest($5::text[], $6::integer[]) as input("id", "size")',
    ));

  it('pass the rows column by column, in row order, nulls included', () =>
    expect(
      columnArrays(COLUMNS, [
        { id: 'a', size: 1 },
        { id: 'b', size: null },
      ]),
    ).toEqual(['{"a","b"}', '{1,NULL}']));

  it('upsert every column but the key', () => expect(replaceAllBut(COLUMNS, 'id')).toBe('"size" = excluded."size"'));
});
