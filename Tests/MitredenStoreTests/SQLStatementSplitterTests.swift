import MitredenStore
import Testing

@Suite struct SQLStatementSplitterTests {
    @Test func splitsOnSemicolonsAndDropsEmptyStatements() {
        #expect(SQLStatementSplitter.split("SELECT 1; ;\n SELECT 2;") == ["SELECT 1", "SELECT 2"])
    }

    @Test func keepsDollarQuotedBodiesWhole() {
        let sql = """
            CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$
            BEGIN PERFORM 1; RETURN 2; END;
            $$;
            CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $body$ SELECT 'a;b' $body$;
            SELECT $1::int;
            """
        let statements = SQLStatementSplitter.split(sql)
        #expect(statements.count == 3)
        #expect(statements[0].hasSuffix("$$"))
        #expect(statements[0].contains("RETURN 2; END;"))
        #expect(statements[1].contains("$body$ SELECT 'a;b' $body$"))
        #expect(statements[2] == "SELECT $1::int")
    }

    @Test func ignoresSemicolonsInStringsIdentifiersAndComments() {
        let sql = """
            -- a comment; with a semicolon
            INSERT INTO t VALUES ('it''s; fine', E'back\\'slash;', "odd;name");
            /* block; /* nested; */ still comment; */
            SELECT 2;
            """
        let statements = SQLStatementSplitter.split(sql)
        #expect(statements.count == 2)
        #expect(statements[0].hasSuffix(#"('it''s; fine', E'back\'slash;', "odd;name")"#))
        #expect(statements[1].hasSuffix("SELECT 2"))
    }

    @Test func dropsCommentOnlyTail() {
        #expect(SQLStatementSplitter.split("SELECT 1;\n-- the end\n") == ["SELECT 1"])
    }
}
