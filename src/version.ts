/** The etcdctl release whose behaviour this CLI reproduces. */
export const ETCDCTL_VERSION = '3.6.14';
/** The API version etcdctl 3.6 reports (major.minor), also sent as client-api-version metadata. */
export const API_VERSION = '3.6';
