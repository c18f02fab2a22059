package ai.ringrift.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A second process on the same H2 file (what the CLI does while the daemon runs): opens the
 * database, prints the probe value the first process wrote, and adds a row of its own.
 * Started by {@link H2SharedFileTest}.
 */
public final class H2SharedFileMain {

    private H2SharedFileMain() {
    }

    public static void main(String[] args) throws Exception {
        try (Database db = Database.open(new DatabaseSettings(args[0], "sa", "", 2));
             Connection c = db.dataSource().getConnection();
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT v FROM shared_probe WHERE k = 'daemon'")) {
                rs.next();
                System.out.println("read " + rs.getString(1));
            }
            s.executeUpdate("INSERT INTO shared_probe (k, v) VALUES ('cli', 'written by the second process')");
        }
    }
}
