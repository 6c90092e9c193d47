package io.rtw.meta;

import java.nio.file.Path;

/** Reads one meta-table definition into an immutable {@link MetaTable}, or fails with every problem. */
public interface MetaTableParser {

    /**
     * Parses and validates a YAML file.
     *
     * @throws DefinitionException with every located problem when the file is not a valid meta-table
     */
    MetaTable parse(Path file);

    /**
     * Parses and validates YAML text.
     *
     * @param fileName shown in problem locations
     * @throws DefinitionException with every located problem when the text is not a valid meta-table
     */
    MetaTable parse(String yaml, String fileName);

    /** The YAML parser, resolving {@code ${name}} from {@code variables} and checking {@code ${env:…}}. */
    static MetaTableParser yaml(Variables variables, Secrets secrets) {
        return new YamlMetaTableParser(variables, secrets);
    }
}
