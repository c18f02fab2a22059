package ai.ringrift.cli.launcher;

/** The main class of the stand-in ringrift.jar that {@link LauncherScriptTest}'s fake Maven "builds". */
public final class LauncherHello {

    private LauncherHello() {
    }

    public static void main(String[] args) {
        System.out.println("hello from the jar " + String.join(" ", args));
    }
}
