import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goStringWidth, goTitle, layoutTable, renderTable, renderTablePlain } from '../../src/output/table';

// Expected outputs are verbatim etcdctl output (docs/etcdctl-behaviour.md §5.6 / docs/etcdctl-behaviour.md §8.4 and tables
// captured from the etcdctl 3.4.23 oracle, which uses the same tablewriter
// rendering as 3.6).

function check(header: string[], rows: string[][], expected: string): void {
  assert.equal(renderTable(header, rows), expected);
  assert.equal(renderTablePlain(header, rows), expected);
}

const MEMBER_HEADER = ['ID', 'Status', 'Name', 'Peer Addrs', 'Client Addrs', 'Is Learner'];

test('member list table (docs/etcdctl-behaviour.md §5.6)', () => {
  check(
    MEMBER_HEADER,
    [['9e737febb6b99eee', 'started', 's1', 'http://127.0.0.1:22380', 'http://127.0.0.1:22379', 'false']],
    `+------------------+---------+------+------------------------+------------------------+------------+
|        ID        | STATUS  | NAME |       PEER ADDRS       |      CLIENT ADDRS      | IS LEARNER |
+------------------+---------+------+------------------------+------------------------+------------+
| 9e737febb6b99eee | started |   s1 | http://127.0.0.1:22380 | http://127.0.0.1:22379 |      false |
+------------------+---------+------+------------------------+------------------------+------------+
`,
  );
});

test('member list table with an unstarted learner (docs/etcdctl-behaviour.md §8.3)', () => {
  check(
    MEMBER_HEADER,
    [
      ['9e737febb6b99eee', 'started', 's1', 'http://127.0.0.1:22380', 'http://127.0.0.1:22379', 'false'],
      ['c1defb47f29e5e35', 'unstarted', '', 'http://127.0.0.1:22390', '', 'true'],
    ],
    `+------------------+-----------+------+------------------------+------------------------+------------+
|        ID        |  STATUS   | NAME |       PEER ADDRS       |      CLIENT ADDRS      | IS LEARNER |
+------------------+-----------+------+------------------------+------------------------+------------+
| 9e737febb6b99eee |   started |   s1 | http://127.0.0.1:22380 | http://127.0.0.1:22379 |      false |
| c1defb47f29e5e35 | unstarted |      | http://127.0.0.1:22390 |                        |       true |
+------------------+-----------+------+------------------------+------------------------+------------+
`,
  );
});

test('endpoint health table (docs/etcdctl-behaviour.md §8.4)', () => {
  check(
    ['endpoint', 'health', 'took', 'error'],
    [['127.0.0.1:22379', 'true', '1.163697ms', '']],
    `+-----------------+--------+------------+-------+
|    ENDPOINT     | HEALTH |    TOOK    | ERROR |
+-----------------+--------+------------+-------+
| 127.0.0.1:22379 |   true | 1.163697ms |       |
+-----------------+--------+------------+-------+
`,
  );
});

test('empty table: border, header, border, border', () => {
  check(
    ['endpoint', 'health', 'took', 'error'],
    [],
    `+----------+--------+------+-------+
| ENDPOINT | HEALTH | TOOK | ERROR |
+----------+--------+------+-------+
+----------+--------+------+-------+
`,
  );
});

// Member names chosen to exercise tablewriter's wrapping (minimal raggedness,
// not greedy), repeated/leading/trailing spaces, long words, 30/31-column
// boundaries, East Asian wide characters and TABs. Each expected table was
// printed by `etcdctl member list -w table` (3.4.23) for a member with that name.
const NAME_CASES: Array<[string, string]> = [
  [
    'aaa bbb cccccccccccccc d eeeeee f gg hhhhhhhhhh iiiiiiiiiiiii jjjjjjjjjjjj kkkkkkkkkkk',
    '+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n|        ID        | STATUS  |              NAME              |       PEER ADDRS       |                 CLIENT ADDRS                  | IS LEARNER |\n+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n| bdae9bbc11dd390d | started |         aaa bbb cccccccccccccc | http://127.0.0.1:23801 | http://127.0.0.1:23791,http://localhost:23791 |      false |\n|                  |         |       d eeeeee f gg hhhhhhhhhh |                        |                                               |            |\n|                  |         |     iiiiiiiiiiiii jjjjjjjjjjjj |                        |                                               |            |\n|                  |         |                    kkkkkkkkkkk |                        |                                               |            |\n+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n',
  ],
  [
    'aaaaaaaaaaaaaa bbbbbbbbb cccccccccc ddddddddddddd eeeee fffffffffffff ggggggg hhhhhhhhhhhhh iiiiiiiiiiiiii jjjjjjjjjjjjjj',
    '+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n|        ID        | STATUS  |              NAME              |       PEER ADDRS       |                 CLIENT ADDRS                  | IS LEARNER |\n+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n| bdae9bbc11dd390d | started |       aaaaaaaaaaaaaa bbbbbbbbb | http://127.0.0.1:23801 | http://127.0.0.1:23791,http://localhost:23791 |      false |\n|                  |         |       cccccccccc ddddddddddddd |                        |                                               |            |\n|                  |         |    eeeee fffffffffffff ggggggg |                        |                                               |            |\n|                  |         |   hhhhhhhhhhhhh iiiiiiiiiiiiii |                        |                                               |            |\n|                  |         |                 jjjjjjjjjjjjjj |                        |                                               |            |\n+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n',
  ],
  [
    'aaaaaaaaaaa bbbbbbbbbbb cccccc dd eeeeeeeee fffffff gg hhhhhhh iii jjjj kkkkkkkkkkkk',
    '+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n|        ID        | STATUS  |              NAME              |       PEER ADDRS       |                 CLIENT ADDRS                  | IS LEARNER |\n+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n| bdae9bbc11dd390d | started |        aaaaaaaaaaa bbbbbbbbbbb | http://127.0.0.1:23801 | http://127.0.0.1:23791,http://localhost:23791 |      false |\n|                  |         | cccccc dd eeeeeeeee fffffff gg |                        |                                               |            |\n|                  |         |  hhhhhhh iii jjjj kkkkkkkkkkkk |                        |                                               |            |\n+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n',
  ],
  [
    'a  b   c    d double spaces inside the name',
    '+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n|        ID        | STATUS  |              NAME              |       PEER ADDRS       |                 CLIENT ADDRS                  | IS LEARNER |\n+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n| bdae9bbc11dd390d | started |    a  b   c    d double spaces | http://127.0.0.1:23801 | http://127.0.0.1:23791,http://localhost:23791 |      false |\n|                  |         |                inside the name |                        |                                               |            |\n+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n',
  ],
  [
    '  leading spaces name that is long enough',
    '+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n|        ID        | STATUS  |              NAME              |       PEER ADDRS       |                 CLIENT ADDRS                  | IS LEARNER |\n+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n| bdae9bbc11dd390d | started |    leading spaces name that is | http://127.0.0.1:23801 | http://127.0.0.1:23791,http://localhost:23791 |      false |\n|                  |         |                    long enough |                        |                                               |            |\n+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n',
  ],
  [
    'trailing spaces name that is long enough   ',
    '+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n|        ID        | STATUS  |              NAME              |       PEER ADDRS       |                 CLIENT ADDRS                  | IS LEARNER |\n+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n| bdae9bbc11dd390d | started |   trailing spaces name that is | http://127.0.0.1:23801 | http://127.0.0.1:23791,http://localhost:23791 |      false |\n|                  |         |                 long enough    |                        |                                               |            |\n+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n',
  ],
  [
    'abcdefghijabcdefghijabcdefghijabcdefghij x',
    '+------------------+---------+------------------------------------------+------------------------+-----------------------------------------------+------------+\n|        ID        | STATUS  |                   NAME                   |       PEER ADDRS       |                 CLIENT ADDRS                  | IS LEARNER |\n+------------------+---------+------------------------------------------+------------------------+-----------------------------------------------+------------+\n| bdae9bbc11dd390d | started | abcdefghijabcdefghijabcdefghijabcdefghij | http://127.0.0.1:23801 | http://127.0.0.1:23791,http://localhost:23791 |      false |\n|                  |         |                                        x |                        |                                               |            |\n+------------------+---------+------------------------------------------+------------------------+-----------------------------------------------+------------+\n',
  ],
  [
    'x abcdefghijabcdefghijabcdefghijabcdefghij y z',
    '+------------------+---------+------------------------------------------+------------------------+-----------------------------------------------+------------+\n|        ID        | STATUS  |                   NAME                   |       PEER ADDRS       |                 CLIENT ADDRS                  | IS LEARNER |\n+------------------+---------+------------------------------------------+------------------------+-----------------------------------------------+------------+\n| bdae9bbc11dd390d | started |                                        x | http://127.0.0.1:23801 | http://127.0.0.1:23791,http://localhost:23791 |      false |\n|                  |         | abcdefghijabcdefghijabcdefghijabcdefghij |                        |                                               |            |\n|                  |         |                                      y z |                        |                                               |            |\n+------------------+---------+------------------------------------------+------------------------+-----------------------------------------------+------------+\n',
  ],
  [
    'exactly thirty characters name',
    '+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n|        ID        | STATUS  |              NAME              |       PEER ADDRS       |                 CLIENT ADDRS                  | IS LEARNER |\n+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n| bdae9bbc11dd390d | started | exactly thirty characters name | http://127.0.0.1:23801 | http://127.0.0.1:23791,http://localhost:23791 |      false |\n+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n',
  ],
  [
    'exactly thirty-one chars name!!',
    '+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n|        ID        | STATUS  |              NAME              |       PEER ADDRS       |                 CLIENT ADDRS                  | IS LEARNER |\n+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n| bdae9bbc11dd390d | started |       exactly thirty-one chars | http://127.0.0.1:23801 | http://127.0.0.1:23791,http://localhost:23791 |      false |\n|                  |         |                         name!! |                        |                                               |            |\n+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n',
  ],
  [
    '日本語 の 名前 です とても 長い 名前 です ね ほんとうに',
    '+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n|        ID        | STATUS  |              NAME              |       PEER ADDRS       |                 CLIENT ADDRS                  | IS LEARNER |\n+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n| bdae9bbc11dd390d | started |     日本語 の 名前 です とても | http://127.0.0.1:23801 | http://127.0.0.1:23791,http://localhost:23791 |      false |\n|                  |         |   長い 名前 です ね ほんとうに |                        |                                               |            |\n+------------------+---------+--------------------------------+------------------------+-----------------------------------------------+------------+\n',
  ],
  [
    'tab\tseparated\tname\tthat\tis\tlong\tenough',
    '+------------------+---------+----------------------------------+------------------------+-----------------------------------------------+------------+\n|        ID        | STATUS  |               NAME               |       PEER ADDRS       |                 CLIENT ADDRS                  | IS LEARNER |\n+------------------+---------+----------------------------------+------------------------+-----------------------------------------------+------------+\n| bdae9bbc11dd390d | started | tab\tseparated\tname\tthat\tis\tlong\tenough | http://127.0.0.1:23801 | http://127.0.0.1:23791,http://localhost:23791 |      false |\n+------------------+---------+----------------------------------+------------------------+-----------------------------------------------+------------+\n',
  ],
  [
    'short',
    '+------------------+---------+-------+------------------------+-----------------------------------------------+------------+\n|        ID        | STATUS  | NAME  |       PEER ADDRS       |                 CLIENT ADDRS                  | IS LEARNER |\n+------------------+---------+-------+------------------------+-----------------------------------------------+------------+\n| bdae9bbc11dd390d | started | short | http://127.0.0.1:23801 | http://127.0.0.1:23791,http://localhost:23791 |      false |\n+------------------+---------+-------+------------------------+-----------------------------------------------+------------+\n',
  ],
];

for (const [name, expected] of NAME_CASES) {
  test(`member list table wraps name ${JSON.stringify(name)} like tablewriter`, () => {
    check(
      MEMBER_HEADER,
      [
        [
          'bdae9bbc11dd390d',
          'started',
          name,
          'http://127.0.0.1:23801',
          'http://127.0.0.1:23791,http://localhost:23791',
          'false',
        ],
      ],
      expected,
    );
  });
}

test('multi-row member list with a wrapped cell in the second row (oracle)', () => {
  check(
    MEMBER_HEADER,
    [
      ['12154b8cc728dd32', 'unstarted', '', 'http://127.0.0.1:23802,http://127.0.0.1:23803', '', 'true'],
      [
        'bdae9bbc11dd390d',
        'started',
        'aaa bbb cccccccccccccc d eeeeee f gg hhhhhhhhhh iiiiiiiiiiiii jjjjjjjjjjjj kkkkkkkkkkk',
        'http://127.0.0.1:23801',
        'http://127.0.0.1:23791,http://localhost:23791',
        'false',
      ],
    ],
    `+------------------+-----------+--------------------------------+-----------------------------------------------+-----------------------------------------------+------------+
|        ID        |  STATUS   |              NAME              |                  PEER ADDRS                   |                 CLIENT ADDRS                  | IS LEARNER |
+------------------+-----------+--------------------------------+-----------------------------------------------+-----------------------------------------------+------------+
| 12154b8cc728dd32 | unstarted |                                | http://127.0.0.1:23802,http://127.0.0.1:23803 |                                               |       true |
| bdae9bbc11dd390d |   started |         aaa bbb cccccccccccccc |                        http://127.0.0.1:23801 | http://127.0.0.1:23791,http://localhost:23791 |      false |
|                  |           |       d eeeeee f gg hhhhhhhhhh |                                               |                                               |            |
|                  |           |     iiiiiiiiiiiii jjjjjjjjjjjj |                                               |                                               |            |
|                  |           |                    kkkkkkkkkkk |                                               |                                               |            |
+------------------+-----------+--------------------------------+-----------------------------------------------+-----------------------------------------------+------------+
`,
  );
});

test('endpoint health table with an error row (oracle)', () => {
  check(
    ['endpoint', 'health', 'took', 'error'],
    [
      ['localhost:23791', 'true', '2.494812ms', ''],
      ['127.0.0.1:23791', 'true', '2.353723ms', ''],
      ['127.0.0.1:1', 'false', '1.000954343s', 'context deadline exceeded'],
    ],
    `+-----------------+--------+--------------+---------------------------+
|    ENDPOINT     | HEALTH |     TOOK     |           ERROR           |
+-----------------+--------+--------------+---------------------------+
| localhost:23791 |   true |   2.494812ms |                           |
| 127.0.0.1:23791 |   true |   2.353723ms |                           |
|     127.0.0.1:1 |  false | 1.000954343s | context deadline exceeded |
+-----------------+--------+--------------+---------------------------+
`,
  );
});

const STATUS_34_HEADER = [
  'endpoint',
  'ID',
  'version',
  'db size',
  'is leader',
  'is learner',
  'raft term',
  'raft index',
  'raft applied index',
  'errors',
];

test('endpoint status table, 3.4 columns (oracle)', () => {
  check(
    STATUS_34_HEADER,
    [['127.0.0.1:23791', 'bdae9bbc11dd390d', '3.4.23', '20 kB', 'true', 'false', '17', '35', '35', '']],
    `+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+
|    ENDPOINT     |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX | ERRORS |
+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+
| 127.0.0.1:23791 | bdae9bbc11dd390d |  3.4.23 |   20 kB |      true |      false |        17 |         35 |                 35 |        |
+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+
`,
  );
});

test('endpoint status table with a NOSPACE alarm: trailing space kept when wrapping (oracle)', () => {
  check(
    STATUS_34_HEADER,
    [
      [
        '127.0.0.1:23791',
        'bdae9bbc11dd390d',
        '3.4.23',
        '430 kB',
        'true',
        'false',
        '18',
        '46',
        '46',
        'memberID:13668033151171901709 alarm:NOSPACE ',
      ],
    ],
    `+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------------------------------+
|    ENDPOINT     |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX |             ERRORS             |
+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------------------------------+
| 127.0.0.1:23791 | bdae9bbc11dd390d |  3.4.23 |  430 kB |      true |      false |        18 |         46 |                 46 |  memberID:13668033151171901709 |
|                 |                  |         |         |           |            |           |            |                    |                 alarm:NOSPACE  |
+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------------------------------+
`,
  );
});

test('endpoint hashkv table, 3.4 columns (oracle)', () => {
  check(
    ['endpoint', 'hash'],
    [['127.0.0.1:23791', '1084519789']],
    `+-----------------+------------+
|    ENDPOINT     |    HASH    |
+-----------------+------------+
| 127.0.0.1:23791 | 1084519789 |
+-----------------+------------+
`,
  );
});

test('3.6 endpoint status header row', () => {
  const header = [
    'endpoint',
    'ID',
    'version',
    'storage version',
    'db size',
    'in use',
    'percentage not in use',
    'quota',
    'is leader',
    'is learner',
    'raft term',
    'raft index',
    'raft applied index',
    'errors',
    'downgrade target version',
    'downgrade enabled',
  ];
  const out = renderTable(header, [
    [
      '127.0.0.1:22379',
      '9e737febb6b99eee',
      '3.4.23',
      '',
      '20 kB',
      '16 kB',
      '20%',
      '0 B',
      'true',
      'false',
      '2',
      '40',
      '40',
      '',
      '',
      'false',
    ],
  ]);
  const lines = out.split('\n');
  assert.equal(
    lines[1],
    '|    ENDPOINT     |        ID        | VERSION | STORAGE VERSION | DB SIZE | IN USE | PERCENTAGE NOT IN USE | QUOTA | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX | ERRORS | DOWNGRADE TARGET VERSION | DOWNGRADE ENABLED |',
  );
  assert.equal(
    lines[3],
    '| 127.0.0.1:22379 | 9e737febb6b99eee |  3.4.23 |                 |   20 kB |  16 kB |                   20% |   0 B |      true |      false |         2 |         40 |                 40 |        |                          |             false |',
  );
  assert.equal(
    out,
    renderTablePlain(header, [
      [
        '127.0.0.1:22379',
        '9e737febb6b99eee',
        '3.4.23',
        '',
        '20 kB',
        '16 kB',
        '20%',
        '0 B',
        'true',
        'false',
        '2',
        '40',
        '40',
        '',
        '',
        'false',
      ],
    ]),
  );
});

test('wrapping: cells of at most 30 columns are kept verbatim, longer ones reflowed', () => {
  const t = layoutTable(
    ['h'],
    [['exactly thirty characters name'], ['a  b'], ['line1\nline2'], ['abcdefghijabcdefghijabcdefghijabcdefghij x']],
  );
  assert.deepEqual(t.rows[0][0], ['exactly thirty characters name']);
  assert.deepEqual(t.rows[1][0], ['a  b']);
  // newlines are reflowed into spaces, then wrapped at the cell's own width (5)
  assert.deepEqual(t.rows[2][0], ['line1', 'line2']);
  // a word longer than 30 raises the limit to its own width (40)
  assert.deepEqual(t.rows[3][0], ['abcdefghijabcdefghijabcdefghijabcdefghij', 'x']);
  assert.equal(t.widths[0], 40);
});

test('header auto-format (tablewriter Title)', () => {
  assert.equal(goTitle('peer_addrs'), 'PEER ADDRS');
  assert.equal(goTitle('Is Learner'), 'IS LEARNER');
  assert.equal(goTitle('  x  '), 'X');
  assert.equal(goTitle('   '), ' ');
  assert.equal(goTitle(''), '');
  assert.equal(goTitle('v1.2'), 'V1.2');
  assert.equal(goTitle('a.b'), 'A B');
  assert.equal(goTitle('straße'), 'STRAßE');
});

test('display width follows go-runewidth', () => {
  assert.equal(goStringWidth('abc'), 3);
  assert.equal(goStringWidth('日本語'), 6);
  assert.equal(goStringWidth('e\u0301'), 1);
  assert.equal(goStringWidth('a\tb'), 2);
  assert.equal(goStringWidth('\u{1F600}'), 2);
});

test('tables cli-table3 cannot measure like Go fall back to the direct renderer', () => {
  const header = ['id', 'name'];
  const rows = [['1', 'e\u0301\u0301 ansi \x1b[31mred\x1b[0m']];
  assert.equal(renderTable(header, rows), renderTablePlain(header, rows));
  assert.equal(renderTable([], []), '+\n+\n');
});
