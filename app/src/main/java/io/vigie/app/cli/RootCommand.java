package io.vigie.app.cli;

import io.vigie.app.config.VigieConfig;

/** The command the sub-commands hang under: it holds the options that make the configuration. */
public interface RootCommand {

  /** The configuration the root command's options and the environment make. */
  VigieConfig config();
}
