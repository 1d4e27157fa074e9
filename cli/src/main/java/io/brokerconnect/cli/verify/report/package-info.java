/**
 * The outcome of a comparison as plain records ({@link io.brokerconnect.cli.verify.report.VerifyReport}) and its
 * renderings: the console text, Markdown and JSON report files. Depends on no other verify package.
 */
package io.brokerconnect.cli.verify.report;
