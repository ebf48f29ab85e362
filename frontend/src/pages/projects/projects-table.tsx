/** Projects as a table: name (a link to the project), my role, documents, last change. */
import { Link } from 'react-router-dom';
import type { Project } from '../../api/projects-api.js';
import { formatCount, formatDateTime } from '../../format.js';

export function ProjectsTable({ projects, caption }: { projects: readonly Project[]; caption: string }) {
  return (
    <table className="data-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Your role</th>
          <th scope="col">Documents</th>
          <th scope="col">Updated</th>
        </tr>
      </thead>
      <tbody>
        {projects.map((project) => (
          <tr key={project.id}>
            <th scope="row" data-label="Name" className="break-anywhere">
              <Link to={`/projects/${encodeURIComponent(project.id)}`}>{project.name}</Link>
              {project.description ? <span className="row-detail">{project.description}</span> : null}
            </th>
            <td data-label="Your role">
              <span className="badge badge-role">{project.myRole}</span>
            </td>
            <td data-label="Documents">{formatCount(project.documentCount)}</td>
            <td data-label="Updated">{formatDateTime(project.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
