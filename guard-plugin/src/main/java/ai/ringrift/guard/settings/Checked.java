package ai.ringrift.guard.settings;

/** A settings record that checks its own fields: every rule of the record is written once, here. */
public interface Checked {

    /** Reports every broken rule of this record, each under {@code path} + the field's key. */
    void check(Problems problems, String path);
}
