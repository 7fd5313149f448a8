/**
 * The one column of a `COPY … TO STDOUT` result: each of its rows is a line of COPY's output, as
 * psql prints it, so a header line or a CSV row is counted as a line rather than a row of data.
 */
export const copyColumn = 'COPY output';
