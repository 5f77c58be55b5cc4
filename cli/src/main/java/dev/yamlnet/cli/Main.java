package dev.yamlnet.cli;

/** Entry point of the yamlnet command; placeholder until the commands land. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(2);
    }
}
