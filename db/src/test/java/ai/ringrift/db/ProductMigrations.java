package ai.ringrift.db;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The product's migration scripts as this build ships them (read from the class path), so tests
 * of migrating do not pin how many there are: each release adds some.
 */
final class ProductMigrations {

    /** The first release's migrations (V1-V3), what a round-one database has. */
    static final int ROUND_ONE = 3;
    /** Migrations a fresh database gets. */
    static final int COUNT = count(Vendor.H2);
    /** The schema version after them. */
    static final String LATEST = latest(Vendor.H2);

    private ProductMigrations() {
    }

    /** Every script for {@code vendor}, by version. */
    static List<String> scripts(Vendor vendor) {
        List<String> out = new ArrayList<>();
        for (String location : MigrationSet.PRODUCT.locationsFor(vendor)) {
            String dir = location.substring("classpath:".length());
            URL url = ProductMigrations.class.getClassLoader().getResource(dir);
            if (url == null) {
                continue;
            }
            try {
                File[] files = new File(url.toURI()).listFiles((d, n) -> n.matches("V\\d+__.*\\.sql"));
                for (File f : files == null ? new File[0] : files) {
                    out.add(f.getName());
                }
            } catch (URISyntaxException e) {
                throw new IllegalStateException(url.toString(), e);
            }
        }
        out.sort(Comparator.comparingInt(ProductMigrations::version));
        return out;
    }

    static int count(Vendor vendor) {
        return scripts(vendor).size();
    }

    /** The newest version, e.g. "70". */
    static String latest(Vendor vendor) {
        List<String> s = scripts(vendor);
        return Integer.toString(version(s.get(s.size() - 1)));
    }

    private static int version(String script) {
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }
}
