export const ReportsPage = ({ id }: { id: string }) => <div>{id}</div>;
