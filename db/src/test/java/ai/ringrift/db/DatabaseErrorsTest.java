package ai.ringrift.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad-input case gives one line naming the masked URL, the cause and what to do; no stack
 * trace and no password in the message.
 */
class DatabaseErrorsTest {

    @TempDir
    Path dir;

    @Test
    void unreachableServerSaysSoAndMasksThePassword() {
        String message = failure(() -> Database.open(DatabaseSettings.of(
                "jdbc:postgresql://127.0.0.1:1/x?user=bob&password=s3cret")));
        assertThat(message)
                .startsWith("cannot use database jdbc:postgresql://127.0.0.1:1/x?user=bob&password=****: ")
                .contains("database unreachable")
                .contains("127.0.0.1:1 refused")
                .contains("start the database server, or fix the host and port in the URL")
                .doesNotContain("s3cret");
    }

    @Test
    void unknownUrlSchemeNamesTheSchemeAndTheTwoThatWork() {
        String message = failure(() -> Database.open(DatabaseSettings.of("jdbc:foo:bar")));
        assertThat(message).isEqualTo("cannot use database jdbc:foo:bar: unknown URL scheme "
                + "('jdbc:foo' is neither jdbc:h2 nor jdbc:postgresql); use jdbc:h2:file:PATH;AUTO_SERVER=TRUE "
                + "(embedded, the default) or jdbc:postgresql://HOST:PORT/DATABASE");
    }

    @Test
    void wrongH2PasswordIsWrongCredentials() {
        DatabaseSettings owner = DatabaseSettings.h2File(dir.resolve("creds")).withCredentials("sa", "right");
        Database.open(owner).close();
        DatabaseSettings wrong = owner.withCredentials("sa", "wrong-pw");
        String message = failure(() -> Database.open(wrong));
        assertThat(message)
                .startsWith("cannot use database " + wrong.url() + ": wrong credentials (Wrong user name or password")
                .endsWith("check database.user and database.password (or --db-user/--db-password); "
                        + "on PostgreSQL the role must exist")
                .doesNotContain("wrong-pw");
    }

    @Test
    void unknownPostgresqlRoleIsWrongCredentials() {
        TestPostgres.requireServer();
        String message = failure(() -> Database.open(new DatabaseSettings(TestPostgres.SERVER_URL,
                "ringrift_no_such_role", "pw", 2)));
        assertThat(message)
                .startsWith("cannot use database jdbc:postgresql://127.0.0.1:5432/test: wrong credentials (")
                .contains("ringrift_no_such_role")
                .contains("check database.user and database.password");
    }

    @Test
    void missingPostgresqlDatabaseSaysCreateIt() {
        TestPostgres.requireServer();
        String message = failure(() -> Database.open(new DatabaseSettings(
                "jdbc:postgresql://127.0.0.1:5432/ringrift_no_such_db", TestPostgres.USER, "", 2)));
        assertThat(message)
                .startsWith("cannot use database jdbc:postgresql://127.0.0.1:5432/ringrift_no_such_db: "
                        + "the database does not exist (")
                .endsWith("create it (e.g. createdb NAME) or fix the database name in the URL");
    }

    @Test
    void databaseMigratedByANewerVersionMustBeUpgradedTo() throws SQLException {
        DatabaseSettings settings = DatabaseSettings.h2File(dir.resolve("future"));
        try (Database db = Database.openAndMigrate(settings);
             Connection c = db.dataSource().getConnection();
             Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO \"ringrift_schema_history\" (\"installed_rank\", \"version\", \"description\","
                    + " \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\")"
                    + " VALUES (99, '999', 'from the future', 'SQL', 'V999__from_the_future.sql', 0, 'test', 0, TRUE)");
        }
        try (Database db = Database.open(settings)) {
            String message = failure(db::migrate);
            assertThat(message).isEqualTo("cannot use database " + settings.url()
                    + ": the database was migrated by a newer ringrift-scheduler (schema version 999 in ringrift_schema_history, this build"
                    + " knows up to version " + ProductMigrations.LATEST + "); upgrade this node to that newer release, or point it at another database");
            assertThat(failure(() -> Database.openAndMigrate(settings))).isEqualTo(message);
        }
    }

    @Test
    void aMissingDriverNamesTheArtifactToAdd() throws Exception {
        // a class loader that sees the JDK only: as an application that added no driver
        try (java.net.URLClassLoader bare = new java.net.URLClassLoader(new java.net.URL[0], null)) {
            assertThatThrownBy(() -> Database.checkDriver(DatabaseSettings.of("jdbc:postgresql://db:5432/x"), bare))
                    .isInstanceOf(DatabaseException.class)
                    .hasMessage("cannot use database jdbc:postgresql://db:5432/x: the JDBC driver is missing"
                            + " (org.postgresql.Driver (org.postgresql:postgresql) is not on the class path); add the"
                            + " driver to the application (runtime scope): com.h2database:h2 for jdbc:h2,"
                            + " org.postgresql:postgresql for jdbc:postgresql");
            assertThatThrownBy(() -> Database.checkDriver(DatabaseSettings.of("jdbc:h2:mem:x"), bare))
                    .hasMessageContaining("org.h2.Driver (com.h2database:h2) is not on the class path");
        }
        Database.checkDriver(DatabaseSettings.of("jdbc:h2:mem:x"), Database.class.getClassLoader()); // present: fine
    }

    @Test
    void blankUrlIsRejectedBeforeConnecting() {
        assertThatThrownBy(() -> DatabaseSettings.of("  "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("database.url must not be blank: use jdbc:h2:file:./data/ringrift;AUTO_SERVER=TRUE");
    }

    @Test
    void maskedUrlHidesPasswordsInBothForms() {
        assertThat(DatabaseSettings.of("jdbc:postgresql://u:pw@h:5432/db").maskedUrl())
                .isEqualTo("jdbc:postgresql://u:****@h:5432/db");
        assertThat(DatabaseSettings.of("jdbc:h2:file:/x;USER=sa;PASSWORD=pw;AUTO_SERVER=TRUE").maskedUrl())
                .isEqualTo("jdbc:h2:file:/x;USER=sa;PASSWORD=****;AUTO_SERVER=TRUE");
        assertThat(DatabaseSettings.of("jdbc:postgresql://h/db").withCredentials("u", "pw").toString())
                .doesNotContain("pw");
    }

    /** Runs the call, expects a DatabaseException, checks it is one line without a trace, returns it. */
    private static String failure(ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isInstanceOf(DatabaseException.class);
        String message = t.getMessage();
        System.out.println(message);
        assertThat(message).doesNotContain("\n").doesNotContain("\r").doesNotContain("\tat ")
                .doesNotContainPattern("\\w+Exception");
        return message;
    }
}
