import { describe, expect, it } from 'vitest';
import { renderTable } from './table';

describe('renderTable', () => {
  it('pads columns to their widest cell, counts accented letters once, cuts long cells and trims line ends', () => {
    const table = renderTable(
      [{ header: 'ID' }, { header: 'TITRE', max: 12 }, { header: 'N', align: 'right' }, { header: 'VILLE' }],
      [
        ['101', 'Ingénieur d’études', '7', 'Lyon'],
        ['2', 'Stage\nmarketing', '12', ''],
      ],
    );
    expect(table.split('\n')).toStrictEqual([
      'ID   TITRE          N  VILLE',
      '---  ------------  --  -----',
      '101  Ingénieur d…   7  Lyon',
      '2    Stage marke…  12',
    ]);
  });
});
