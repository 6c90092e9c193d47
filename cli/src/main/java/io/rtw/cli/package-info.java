/** The {@code rtw} command line: a thin picocli entry point that dispatches to the other modules. */
package io.rtw.cli;
