-- the cluster's membership lives in a database of its own, beside the run store's
CREATE DATABASE parley_cluster OWNER parley;
