from verifiers.harness.sqlshape import has_join, has_subquery, in_list_sizes, statement_kind


def test_kinds_of_plain_statements() -> None:
    assert statement_kind("select 1") == "SELECT"
    assert statement_kind("  INSERT INTO t (a) VALUES (?)") == "INSERT"
    assert statement_kind("CREATE UNIQUE INDEX ix ON t (a)") == "CREATE INDEX"
    assert statement_kind("CREATE TABLE t (a INT)") == "CREATE TABLE"
    assert statement_kind("DROP TABLE IF EXISTS t") == "DROP TABLE"
    assert statement_kind("SAVEPOINT sa_savepoint_1") == "SAVEPOINT"
    assert statement_kind("RELEASE SAVEPOINT sa_savepoint_1") == "RELEASE SAVEPOINT"
    assert statement_kind("ROLLBACK TO SAVEPOINT sa_savepoint_1") == "ROLLBACK TO SAVEPOINT"
    assert statement_kind("/* hint */ UPDATE t SET a=1") == "UPDATE"


def test_a_cte_takes_the_kind_of_its_main_statement() -> None:
    assert statement_kind("WITH x AS (SELECT 1 AS a) DELETE FROM t WHERE a IN (SELECT a FROM x)") == "DELETE"
    assert statement_kind("WITH RECURSIVE x(n) AS (SELECT 1 UNION SELECT n+1 FROM x) SELECT n FROM x") == "SELECT"


def test_in_lists_are_counted_in_every_paramstyle() -> None:
    assert in_list_sizes("SELECT * FROM t WHERE t.id IN (?, ?, ?)") == [3]
    assert in_list_sizes("SELECT * FROM t WHERE t.id IN (%(id_1_1)s, %(id_1_2)s)") == [2]
    assert in_list_sizes("SELECT * FROM t WHERE t.id IN (%s)") == [1]
    assert in_list_sizes("SELECT * FROM t WHERE (t.a, t.b) IN ((?, ?), (?, ?))") == [2]


def test_subquery_in_is_not_a_list_and_literals_are_ignored() -> None:
    assert in_list_sizes("SELECT * FROM t WHERE t.id IN (SELECT id FROM u)") == []
    assert in_list_sizes("SELECT 'a IN (1, 2)' FROM t") == []
    assert not has_join("SELECT 'LEFT JOIN' FROM t")
    assert has_join("SELECT * FROM a LEFT OUTER JOIN b ON a.id = b.a_id")
    assert has_subquery("SELECT * FROM (SELECT id FROM a LIMIT 2) AS anon_1")
